/**
 * @rtmp/hostile — the reliability proof suite (private): scripted hostile RTMP servers, the
 * scenarios they play, a fault-injecting proxy, and the soak loop.
 */
export { chunkScenarios, tagTimestamps } from './chunk-scenarios.js';
export { connectScenarios } from './connect-scenarios.js';
export { type CutMode, type FaultProxy, type PlannedCut, planCuts, startFaultProxy } from './fault-proxy.js';
export { handshakeScenarios } from './handshake-scenarios.js';
export { expectThat, type HostileScenario, holdOpen, rawEndPlay } from './hostile-scenario.js';
export { playScenarios } from './play-scenarios.js';
export { publishScenarios } from './publish-scenarios.js';
export {
  amf0,
  type RawMessage,
  rawChunks,
  rawCommand,
  rawControl,
  rawUserControl,
  writeBasicHeader,
} from './raw-chunk.js';
export { type RtmptFault, type RtmptFaultProxy, startRtmptFaultProxy } from './rtmpt-fault-proxy.js';
export {
  type ClientOutcome,
  type ClientRun,
  HOSTILE_TIMEOUTS,
  runClient,
  tcpTransport,
} from './run-client.js';
export {
  type AcceptedPlay,
  ScriptedPeer,
  type ServePolicy,
  seededRandom,
  videoPayload,
} from './scripted-peer.js';
export { type PeerScript, type ScriptedServer, startScriptedServer } from './scripted-server.js';
export { runSoak, type SoakOptions, type SoakResult, type SoakSample } from './soak.js';
export { SOAK_BOUNDS } from './soak-bounds.js';
