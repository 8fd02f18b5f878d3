// Throughput of @rtmp/transport-tcp against plain Node sockets on loopback (run after `pnpm build`):
//   node packages/transport-tcp/scripts/bench.mjs [MiB per round=512] [rounds=5]
// A child process is the peer (so it does not share our event loop): it either blasts bytes at
// us (read benchmarks) or swallows what we send (write benchmarks). Every consumer counts and
// checks the bytes it got; medians of the rounds are printed with the ratio to raw 'data'.
import { fork } from 'node:child_process';
import { connect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { connectTcp, connectTls } from '../dist/index.js';

const MIB = 1024 * 1024;

if (process.argv[2] === '--peer') {
  // Child: a TCP and a TLS server; 'blast' sends N bytes then closes, 'sink' drains everything.
  const net = await import('node:net');
  const tls = await import('node:tls');
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, readFileSync } = await import('node:fs');
  const dir = mkdtempSync('/tmp/tcp-bench-');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      `${dir}/k.pem`,
      '-out',
      `${dir}/c.pem`,
    ],
    { stdio: 'ignore' },
  );
  const cert = readFileSync(`${dir}/c.pem`);
  const block = Buffer.alloc(256 * 1024, 0xa5);
  const handle = (socket) => {
    socket.on('error', () => {});
    socket.once('data', (command) => {
      const [mode, size] = command.toString('latin1').split('\n')[0].split(' ');
      if (mode === 'sink') {
        socket.on('data', () => {});
        socket.on('end', () => socket.end());
        return;
      }
      let left = Number(size);
      const pump = () => {
        while (left > 0) {
          const n = Math.min(left, block.length);
          left -= n;
          if (!socket.write(n === block.length ? block : block.subarray(0, n)))
            return socket.once('drain', pump);
        }
        socket.end();
      };
      pump();
    });
  };
  const plain = net.createServer(handle).listen(0, '127.0.0.1');
  const secure = tls.createServer({ cert, key: readFileSync(`${dir}/k.pem`) }, handle).listen(0, '127.0.0.1');
  await Promise.all(
    [plain, secure].map((s) => new Promise((r) => (s.listening ? r() : s.once('listening', r)))),
  );
  process.send({ tcp: plain.address().port, tls: secure.address().port, ca: cert.toString() });
  process.on('disconnect', () => process.exit(0));
} else {
  const mib = Number(process.argv[2] ?? 512);
  const rounds = Number(process.argv[3] ?? 5);
  const bytes = mib * MIB;
  const child = fork(fileURLToPath(import.meta.url), ['--peer'], { stdio: 'inherit' });
  const peer = await new Promise((r) => child.once('message', r));

  const rawRead = (port, secure) =>
    new Promise((resolve, reject) => {
      const socket = secure
        ? tlsConnect({ port, host: '127.0.0.1', ca: peer.ca })
        : connect(port, '127.0.0.1');
      socket.setNoDelay(true);
      let got = 0;
      socket.once(secure ? 'secureConnect' : 'connect', () => socket.write(`blast ${bytes}\n`));
      socket.on('data', (c) => {
        got += c.length;
      });
      socket.on('end', () => (got === bytes ? resolve() : reject(new Error(`got ${got}`))));
      socket.on('error', reject);
    });
  const nodeIterRead = async (port) => {
    const socket = connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(`blast ${bytes}\n`);
    let got = 0;
    for await (const c of socket) got += c.length;
    if (got !== bytes) throw new Error(`got ${got}`);
  };
  const oursRead = async (port, secure) => {
    const transport = secure
      ? await connectTls({ host: '127.0.0.1', port }, { ca: peer.ca })
      : await connectTcp({ host: '127.0.0.1', port });
    transport.write(Buffer.from(`blast ${bytes}\n`));
    let got = 0;
    for await (const c of transport) got += c.length;
    if (got !== bytes) throw new Error(`got ${got}`);
    await transport.closed;
  };
  const chunk = Buffer.alloc(64 * 1024, 0x3c);
  const rawWrite = async (port) => {
    const socket = connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write('sink\n');
    for (let sent = 0; sent < bytes; sent += chunk.length) {
      if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r));
    }
    await new Promise((r) => socket.end(r));
    await new Promise((r) => socket.once('close', r));
  };
  const oursWrite = async (port) => {
    const transport = await connectTcp({ host: '127.0.0.1', port });
    transport.write(Buffer.from('sink\n'));
    for (let sent = 0; sent < bytes; sent += chunk.length) {
      if (!transport.write(chunk)) await transport.drain();
    }
    await transport.end();
  };

  const cases = [
    ['read  tcp  net.Socket "data" (baseline)', () => rawRead(peer.tcp, false)],
    ['read  tcp  net.Socket async iterator', () => nodeIterRead(peer.tcp)],
    ['read  tcp  connectTcp async iterator', () => oursRead(peer.tcp, false)],
    ['read  tls  TLSSocket "data" (baseline)', () => rawRead(peer.tls, true)],
    ['read  tls  connectTls async iterator', () => oursRead(peer.tls, true)],
    ['write tcp  net.Socket write/drain (baseline)', () => rawWrite(peer.tcp)],
    ['write tcp  connectTcp write/drain', () => oursWrite(peer.tcp)],
  ];
  const results = new Map();
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of cases) {
      if (process.env.BENCH_ONLY && !name.includes(process.env.BENCH_ONLY)) continue;
      const start = performance.now();
      await run();
      const seconds = (performance.now() - start) / 1000;
      if (!results.has(name)) results.set(name, []);
      results.get(name).push(bytes / 1e6 / seconds);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    `${mib} MiB per run, ${rounds} rounds, Node ${process.version}; MB/s = 10^6 B/s, median (min-max)`,
  );
  let baseline = 0;
  for (const [name, xs] of results) {
    const m = median(xs);
    if (name.includes('baseline')) baseline = m;
    const ratio = name.includes('baseline') ? '' : `  x${(m / baseline).toFixed(2)} of baseline`;
    console.log(
      `${name.padEnd(46)} ${m.toFixed(0).padStart(6)} (${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)})${ratio}`,
    );
  }
  child.disconnect();
}
