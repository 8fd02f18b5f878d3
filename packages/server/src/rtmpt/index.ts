/** The RTMPT gateway of @rtmp/server (protocol.md §7). */
export {
  RtmptGateway,
  RtmptGatewayErrorCode,
  type RtmptGatewayOptions,
  type RtmptGatewayStats,
  type RtmptTraceEvent,
} from './rtmpt-gateway.js';
export { RtmptGatewaySession, type RtmptSessionLimits, type SeqVerdict } from './rtmpt-gateway-session.js';
export { RtmptIntervalPolicy, type RtmptIntervalPolicyOptions } from './rtmpt-interval-policy.js';
export { parseRtmptPath, type RtmptPath } from './rtmpt-path.js';
export {
  httpHeadBytes,
  RtmptReplyFraming,
  type RtmptReplyFramingOptions,
  type RtmptReplyPlan,
} from './rtmpt-reply-framing.js';
