/**
 * Builds the seed corpus from the repo's real captures (packages/*\/test/fixtures): AMF0 bodies
 * and commands captured from rtmpdump/ffmpeg/nginx-rtmp, the AMF3 spec vectors, nginx-rtmp chunk
 * streams, real handshakes of both roles, rtmpdump's URL cases, RTMPT answers. The session-client
 * seeds are a full connect+play answered by our ServerSession with fixed randomness (the client's
 * handshake must match its seeded C1). Run once; the output is committed under corpus/.
 *   pnpm --filter @rtmp/fuzz seed
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClientSession, ServerSession } from '@rtmp/session';
import { FUZZ_ROOT, saveEntry } from './corpus.js';
import { seeded } from './targets.js';

const fixtures = join(FUZZ_ROOT, '..', '..', 'packages');
const read = (path: string) => readFileSync(join(fixtures, path));
const hex = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const counts: Record<string, number> = {};
const save = (target: Parameters<typeof saveEntry>[1], bytes: Uint8Array) => {
  saveEntry('corpus', target, bytes, 'seed-');
  counts[target] = (counts[target] ?? 0) + 1;
};

// AMF0: captured message bodies and commands.
const amf0Messages = JSON.parse(read('amf0/test/fixtures/captured-messages.json').toString()) as {
  messages: Array<{ hex: string }>;
};
for (const m of amf0Messages.messages) save('amf0', hex(m.hex));
for (const line of read('commands/test/fixtures/captured-commands.jsonl').toString().split('\n')) {
  if (!line.trim()) continue;
  const entry = JSON.parse(line) as { typeId?: number; hex?: string };
  if (entry.hex && (entry.typeId === 20 || entry.typeId === 18)) save('amf0', hex(entry.hex));
}

// AMF3: the spec vectors' bytes.
for (const match of read('amf3/test/fixtures/spec-vectors.ts')
  .toString()
  .matchAll(/hex\('([0-9a-fA-F ]+)'\)/g))
  save('amf3', hex(match[1] as string));

// Chunk streams captured from nginx-rtmp (server to client) and ffmpeg (client to server).
for (const name of [
  'nginx-128.s2c.bin',
  'nginx-4096.s2c.bin',
  'nginx-live-ext.s2c.bin',
  'ffmpeg-publish.c2s.bin',
]) {
  const bytes = new Uint8Array(read(`chunk/test/fixtures/${name}`));
  save('chunk', bytes.subarray(0, 8192));
  save('chunk', bytes.subarray(0, 1024));
}

// Handshakes: client role gets mode byte + S0S1S2, server role gets policy byte + C0C1C2.
for (const [name, mode] of [
  ['rtmpdump-plain-nginx.json', 1],
  ['ffmpeg-play-nginx.json', 1],
  ['ffmpeg-publish-nginx.json', 1],
  ['rtmpdump-swfverify-nginx.json', 1],
  ['rtmpdump-rtmpe-rtmpsrv.json', 2],
] as const) {
  const hs = JSON.parse(read(`handshake/test/fixtures/${name}`).toString()) as Record<string, string>;
  save(
    'handshake-client',
    Buffer.concat([Uint8Array.of(mode), hex(hs.s0 ?? ''), hex(hs.s1 ?? ''), hex(hs.s2 ?? '')]),
  );
  save(
    'handshake-server',
    Buffer.concat([Uint8Array.of(0), hex(hs.c0 ?? ''), hex(hs.c1 ?? ''), hex(hs.c2 ?? '')]),
  );
}

function media(server: ServerSession, streamId: number) {
  return Array.from({ length: 5 }, (_, i) => ({
    type: 'send' as const,
    bytes: server.encodeMedia(streamId, i % 2 ? 8 : 9, i * 40, new Uint8Array(300).fill(i)),
  }));
}

// Session: what a server sends a client through connect, play, media and the end of play.
{
  const client = new ClientSession({
    random: seeded(7),
    clock: () => 0,
    connect: { app: 'vod', tcUrl: 'rtmp://127.0.0.1/vod', flashVer: 'LNX 10,0,32,18' },
  });
  const server = new ServerSession({ random: seeded(11) });
  const down: Uint8Array[] = [];
  let up: Uint8Array[] = client.start().flatMap((o) => (o.type === 'send' ? [o.bytes] : []));
  let playing = false;
  for (let round = 0; round < 50 && up.length > 0; round++) {
    const next: Uint8Array[] = [];
    for (const bytes of up) {
      for (const out of server.receive(bytes)) {
        const answers =
          out.type === 'send'
            ? [out]
            : out.event.type === 'connect-requested'
              ? server.acceptConnect()
              : out.event.type === 'play-requested'
                ? [
                    ...server.acceptPlay(out.event.streamId, out.event.name, { recorded: true }),
                    ...media(server, out.event.streamId),
                    ...server.endPlay(out.event.streamId),
                  ]
                : [];
        for (const answer of answers) {
          if (answer.type !== 'send') continue;
          down.push(answer.bytes);
          for (const o of client.receive(answer.bytes)) if (o.type === 'send') next.push(o.bytes);
        }
      }
    }
    if (!playing && client.state === 'connected') {
      playing = true;
      for (const o of client.play({ name: 's', start: 0 }).outputs) if (o.type === 'send') next.push(o.bytes);
    }
    up = next;
  }
  const all = Buffer.concat(down);
  save('session-client', all);
  save('session-client', all.subarray(0, 3073 + 400));
}

// RTMPT: /open/1 answers (session id line) followed by an idle answer (interval byte + RTMP bytes).
for (const [id, body] of [
  ['ZXhhbXBsZQ\n', [1, 3, 0, 0, 0, 0]],
  ['1234567890\n', [5]],
  ['a\n', [0x21, ...new Uint8Array(64)]],
] as const)
  save('rtmpt-response', Buffer.concat([Buffer.from(id), Uint8Array.from(body)]));

// URLs: rtmpdump's own -r cases.
const urls = JSON.parse(read('client/test/fixtures/url-rtmpdump-r.json').toString()) as {
  cases: Array<{ url: string }>;
};
for (const c of urls.cases) save('url', new TextEncoder().encode(c.url));
for (const u of [
  'rtmp://h/app/mp4:x live=1 conn=O:1 conn=NS:a:b conn=O:0',
  'rtmpte://[::1]:80/a/b?c=d token=x socks=s:1',
])
  save('url', new TextEncoder().encode(u));

console.log(JSON.stringify(counts));
