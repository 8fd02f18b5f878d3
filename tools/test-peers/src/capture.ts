/**
 * tshark as an independent wire validator: capture loopback traffic on given ports and dissect
 * it with Wireshark's RTMP dissector (`rtmpt`), which only decodes port 1935 unless told.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, spawnBackground, stopChild } from './run.js';

/** A running capture. */
export interface Capture {
  pcapPath: string;
  /** Stops tshark (after a short settle delay) and resolves when the file is complete. */
  stop(): Promise<string>;
}

/** Starts `tshark -i lo` for the given TCP ports and resolves once it is capturing. */
export async function startCapture(ports: readonly number[]): Promise<Capture> {
  const pcapPath = join(mkdtempSync(join(tmpdir(), 'rtmp-cap-')), 'capture.pcapng');
  const filter = ports.map((p) => `tcp port ${p}`).join(' or ');
  const child = spawnBackground('tshark', ['-i', 'lo', '-f', filter, '-w', pcapPath]);
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tshark did not start: ${stderr}`)), 15_000);
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (stderr.includes('Capturing on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`tshark exited: ${stderr}`));
    });
  });
  await new Promise((r) => setTimeout(r, 200));
  return {
    pcapPath,
    stop: async () => {
      await new Promise((r) => setTimeout(r, 500));
      child.kill('SIGINT');
      await stopChild(child, 5000);
      return pcapPath;
    },
  };
}

function decodeAs(ports: readonly number[]): string[] {
  return ports.flatMap((p) => ['-d', `tcp.port==${p},rtmpt`]);
}
const PREFS = ['-o', 'rtmpt.max_packet_size:16777216', '-o', 'tcp.desegment_tcp_streams:TRUE'];

/** Dissects a capture: one row per RTMP frame with the requested tshark fields. */
export async function dissectFields(
  pcapPath: string,
  ports: readonly number[],
  fields: readonly string[],
): Promise<string[][]> {
  const result = await run(
    'tshark',
    [
      '-r',
      pcapPath,
      ...decodeAs(ports),
      ...PREFS,
      '-Y',
      'rtmpt',
      '-T',
      'fields',
      '-E',
      'separator=\t',
      '-E',
      'aggregator=|',
      ...fields.flatMap((f) => ['-e', f]),
    ],
    { timeoutMs: 120_000 },
  );
  if (result.code !== 0) throw new Error(`tshark failed: ${result.stderr}`);
  return result.stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split('\t'));
}

/** The full verbose dissection (text) of the RTMP frames in a capture. */
export async function dissectVerbose(pcapPath: string, ports: readonly number[]): Promise<string> {
  const result = await run('tshark', ['-r', pcapPath, ...decodeAs(ports), ...PREFS, '-Y', 'rtmpt', '-V'], {
    timeoutMs: 120_000,
    maxBuffer: 1 << 30,
  } as never);
  if (result.code !== 0) throw new Error(`tshark failed: ${result.stderr}`);
  return result.stdout;
}

/** Frame numbers tshark flags as malformed (expected: none). */
export async function malformedFrames(pcapPath: string, ports: readonly number[]): Promise<string[]> {
  const result = await run(
    'tshark',
    [
      '-r',
      pcapPath,
      ...decodeAs(ports),
      ...PREFS,
      '-Y',
      '_ws.malformed || _ws.expert.severity == error',
      '-T',
      'fields',
      '-e',
      'frame.number',
      '-e',
      '_ws.col.Info',
    ],
    { timeoutMs: 120_000 },
  );
  if (result.code !== 0) throw new Error(`tshark failed: ${result.stderr}`);
  return result.stdout.split('\n').filter((l) => l.length > 0);
}

/** Reads a capture file's bytes (for attaching to a failure). */
export function readCapture(pcapPath: string): Buffer {
  return readFileSync(pcapPath);
}
