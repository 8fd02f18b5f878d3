// Test support: a minimal Transport over a node:net socket, so the client's tests do not depend
// on @rtmp/transport-tcp (which has its own tests).
import { connect } from 'node:net';
import type { Transport } from '@rtmp/core';

export function socketTransport(host: string, port: number): Promise<Transport> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    socket.setNoDelay(true);
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      const transport: Transport = {
        kind: 'tcp',
        write: (bytes) => socket.write(bytes),
        drain: () =>
          socket.writableNeedDrain ? new Promise((r) => socket.once('drain', () => r())) : Promise.resolve(),
        end: () =>
          new Promise<void>((r) => {
            socket.end(() => r());
          }).then(() => closed),
        destroy: (reason) => socket.destroy(reason instanceof Error ? reason : undefined),
        closed,
        [Symbol.asyncIterator]: () => socket[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>,
      };
      resolve(transport);
    });
  });
}
