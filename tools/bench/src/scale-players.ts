/**
 * Child process of the scale bench: N live players of @rtmp/client in this one Node process
 * against one nginx-rtmp live stream. Prints one JSON line: RSS before and with the players,
 * CPU during the measuring window, and per-player tag counts by type within that window
 * (first/last timestamp, count, bytes) for the parent to check against a reference recording.
 * Usage: node scale-players.js URL N SECONDS
 */
import { connect, type RtmpConnection } from '@rtmp/client';

interface TypeWindow {
  first: number;
  last: number;
  count: number;
  bytes: number;
}

interface Player {
  audio: TypeWindow;
  video: TypeWindow;
  error: string | undefined;
}

const [url, nArg, secondsArg] = process.argv.slice(2);
const n = Number(nArg);
const seconds = Number(secondsArg);
let measuring = false;

function gcRss(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

const window = (): TypeWindow => ({ first: -1, last: -1, count: 0, bytes: 0 });

async function runPlayer(player: Player, connections: RtmpConnection[]): Promise<void> {
  const connection = await connect(url as string, { params: { live: true }, idleTimeout: 60_000 });
  connections.push(connection);
  const stream = await connection.play();
  (async () => {
    try {
      for await (const event of stream) {
        if (!measuring || (event.type !== 'audio' && event.type !== 'video')) continue;
        const w = event.type === 'audio' ? player.audio : player.video;
        if (w.first < 0) w.first = event.timestamp;
        w.last = event.timestamp;
        w.count++;
        w.bytes += event.payload.length;
      }
    } catch (error) {
      player.error = String(error);
    }
  })();
}

async function main(): Promise<void> {
  const rssBefore = gcRss();
  const players: Player[] = [];
  const connections: RtmpConnection[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i += 50) {
    const batch: Promise<void>[] = [];
    for (let j = i; j < Math.min(n, i + 50); j++) {
      const p: Player = { audio: window(), video: window(), error: undefined };
      players.push(p);
      batch.push(
        runPlayer(p, connections).catch((e: unknown) => {
          p.error = String(e);
        }),
      );
    }
    await Promise.all(batch);
  }
  const connectS = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 2000));
  const cpu0 = process.cpuUsage();
  measuring = true;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  measuring = false;
  const cpu = process.cpuUsage(cpu0);
  const rssPeakWindow = process.memoryUsage().rss;
  const rssWith = gcRss();
  await Promise.all(connections.map((c) => c.close().catch(() => undefined)));
  process.stdout.write(
    `${JSON.stringify({
      n,
      connectS,
      rssBefore,
      rssWith,
      rssPeakWindow,
      cpuS: (cpu.user + cpu.system) / 1e6,
      windowS: seconds,
      players: players.map((p) => [p.audio, p.video, p.error ?? null]),
    })}\n`,
  );
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
