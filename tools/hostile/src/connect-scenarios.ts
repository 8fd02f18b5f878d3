/**
 * Hostile answers to connect (RTMP spec 7.2.1.1, protocol.md §5.2): invalid AMF in `_result`,
 * `_result` for a transaction never sent, `_error` with and without a description, silence.
 */
import { RtmpStatusError } from '@rtmp/client';
import { expectThat, type HostileScenario, holdOpen } from './hostile-scenario.js';
import { amf0, rawCommand } from './raw-chunk.js';

const untilConnect = { acceptConnect: false } as const;
const isConnect = (e: { type: string }) => e.type === 'connect-requested';

export const connectScenarios: HostileScenario[] = [
  {
    name: 'silent-after-connect',
    misbehaviour: 'completes the handshake, reads connect, never answers',
    expected: 'CLIENT_CONNECT_TIMEOUT at the 2 s deadline',
    codes: ['CLIENT_CONNECT_TIMEOUT'],
    phases: ['connect'],
    minMs: 1900,
    maxMs: 3000,
    clientOptions: { idleTimeout: 5000 },
    async script(peer, signal) {
      await peer.serveUntil(isConnect, untilConnect);
      await holdOpen(peer, signal);
    },
  },
  {
    name: 'invalid-amf-in-result-truncated-object',
    misbehaviour: '`_result` whose properties object is cut in the middle of a key',
    expected: 'a typed AMF/commands error, at once',
    codes: ['COMMANDS_MALFORMED_AMF', 'AMF0_TRUNCATED'],
    phases: ['connect'],
    maxMs: 1000,
    async script(peer) {
      await peer.serveUntil(isConnect, untilConnect);
      await peer.write(rawCommand([amf0.string('_result'), amf0.number(1), [0x03, 0x00, 0x05, 0x66, 0x6d]]));
      await peer.read(1);
    },
  },
  {
    name: 'invalid-amf-in-result-unknown-marker',
    misbehaviour: '`_result` whose info value starts with the undefined AMF0 marker 0x42',
    expected: 'a typed AMF/commands error, at once',
    codes: ['COMMANDS_MALFORMED_AMF', 'AMF0_UNKNOWN_MARKER'],
    phases: ['connect'],
    maxMs: 1000,
    async script(peer) {
      await peer.serveUntil(isConnect, untilConnect);
      await peer.write(rawCommand([amf0.string('_result'), amf0.number(1), amf0.null(), [0x42, 1, 2, 3]]));
      await peer.read(1);
    },
  },
  {
    name: 'result-for-unknown-transaction',
    misbehaviour: '`_result` for transaction 77 (never sent) before the real answer',
    expected: 'ignored (a warning), then connected',
    codes: ['ok'],
    play: false,
    maxMs: 1500,
    async script(peer) {
      await peer.serveUntil(isConnect, untilConnect);
      await peer.write(
        rawCommand([
          amf0.string('_result'),
          amf0.number(77),
          amf0.null(),
          amf0.object({ level: 'status', code: 'NetConnection.Connect.Success' }),
        ]),
      );
      await peer.apply(peer.session.acceptConnect());
      await peer.serveUntil(() => false);
    },
  },
  {
    name: 'connect-error-with-description',
    misbehaviour: '`_error` NetConnection.Connect.Rejected with description "go away", then close',
    expected: 'CLIENT_CONNECT_REJECTED carrying the status code and description',
    codes: ['CLIENT_CONNECT_REJECTED'],
    phases: ['connect'],
    maxMs: 1000,
    async script(peer) {
      await peer.serveUntil(isConnect, untilConnect);
      await peer.apply(peer.session.rejectConnect('go away'));
      await peer.read(1);
    },
    check(outcome) {
      const error = outcome.error as RtmpStatusError;
      expectThat(error instanceof RtmpStatusError, 'RtmpStatusError');
      expectThat(error.status?.code === 'NetConnection.Connect.Rejected', 'status code kept');
      expectThat(error.status?.description === 'go away', 'description kept');
    },
  },
  {
    name: 'connect-error-without-description',
    misbehaviour: '`_error` whose info object has level and code but no description',
    expected: 'CLIENT_CONNECT_REJECTED with the status code',
    codes: ['CLIENT_CONNECT_REJECTED'],
    phases: ['connect'],
    maxMs: 1000,
    async script(peer) {
      await peer.serveUntil(isConnect, untilConnect);
      await peer.write(
        rawCommand([
          amf0.string('_error'),
          amf0.number(1),
          amf0.null(),
          amf0.object({ level: 'error', code: 'NetConnection.Connect.Rejected' }),
        ]),
      );
      await peer.read(1);
    },
    check(outcome) {
      const error = outcome.error as RtmpStatusError;
      expectThat(error.status?.code === 'NetConnection.Connect.Rejected', 'status code kept');
    },
  },
  {
    name: 'connect-error-without-info',
    misbehaviour: '`_error` with null where the info object belongs',
    expected: 'CLIENT_CONNECT_REJECTED (no status)',
    codes: ['CLIENT_CONNECT_REJECTED'],
    phases: ['connect'],
    maxMs: 1000,
    async script(peer) {
      await peer.serveUntil(isConnect, untilConnect);
      await peer.write(rawCommand([amf0.string('_error'), amf0.number(1), amf0.null(), amf0.null()]));
      await peer.read(1);
    },
  },
];
