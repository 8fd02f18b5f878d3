// Records the handshake bytes real peers put on the wire, for the golden-vector fixtures in
// test/fixtures/. A transparent TCP proxy: LISTEN_PORT -> TARGET_PORT on 127.0.0.1; the first
// 3073 bytes each way (plus EXTRA client bytes after them) (C0+C1+C2 and S0+S1+S2) are written as hex JSON to OUT when the client
// side closes. Usage: node capture-handshake.mjs LISTEN_PORT TARGET_PORT OUT.json
import { writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';

const [listenPort, targetPort, out] = process.argv.slice(2);
const limit = 3073;
const extra = Number(process.env.EXTRA ?? 0); // bytes after the handshake to keep (client side)
const server = createServer((client) => {
  const upstream = connect(Number(targetPort), '127.0.0.1');
  const up = [];
  const down = [];
  let upLength = 0;
  let downLength = 0;
  client.on('data', (d) => {
    if (upLength < limit + extra) {
      up.push(d);
      upLength += d.length;
    }
    upstream.write(d);
  });
  upstream.on('data', (d) => {
    if (downLength < limit) {
      down.push(d);
      downLength += d.length;
    }
    client.write(d);
  });
  const finish = () => {
    const all = Buffer.concat(up);
    const c = all.subarray(0, limit);
    const s = Buffer.concat(down).subarray(0, limit);
    writeFileSync(
      out,
      `${JSON.stringify(
        {
          c0: c.subarray(0, 1).toString('hex'),
          c1: c.subarray(1, 1537).toString('hex'),
          c2: c.subarray(1537, 3073).toString('hex'),
          s0: s.subarray(0, 1).toString('hex'),
          s1: s.subarray(1, 1537).toString('hex'),
          s2: s.subarray(1537, 3073).toString('hex'),
          ...(extra > 0 ? { after: all.subarray(limit, limit + extra).toString('hex') } : {}),
        },
        null,
        1,
      )}\n`,
    );
    client.destroy();
    upstream.destroy();
    server.close();
  };
  client.on('close', finish);
  upstream.on('close', finish);
  client.on('error', () => {});
  upstream.on('error', () => {});
});
server.listen(Number(listenPort), '127.0.0.1');
