/**
 * @rtmp/test-peers — interop test support (private): starts real RTMP peers on loopback.
 * The project's tests use this instead of ../shared/lab so they run on a plain clone.
 */
export {
  type Capture,
  dissectFields,
  dissectVerbose,
  malformedFrames,
  readCapture,
  startCapture,
} from './capture.js';
export { makeTestCertificates, type TestCertificates } from './certs.js';
export {
  type CompareOptions,
  type CompareResult,
  compareFlvTags,
  type FlvTagInfo,
  type FlvTagList,
  flvTags,
} from './flv-tags.js';
export { mediaDir, type TestMedia, testMedia } from './media.js';
export { runInNetns } from './netns.js';
export { type NginxOptions, type NginxPeer, startNginx } from './nginx.js';
export {
  describeWithPeers,
  NGINX_RTMP_MODULE,
  NGINX_STREAM_MODULE,
  type PeerName,
  peerAvailable,
  requirePeer,
  type SkippableContext,
  unshareAvailable,
} from './peers.js';
export { freePorts, waitForPort } from './ports.js';
export { type RunOptions, type RunResult, run, spawnBackground, stopChild } from './run.js';
