/**
 * @rtmp/commands — typed builders and parsers for RTMP NetConnection / NetStream commands and
 * data messages (RTMP spec 7.1–7.2; protocol.md §5–§6): connect and its `conn=` arguments,
 * stream commands, answers and status codes, transaction matching, SecureToken and publisher auth.
 */
export {
  type CommandMessageInput,
  type DecodeOptions,
  isRecord,
} from './command-values.js';
export { CommandsErrorCode, type CommandsErrorCodeValue } from './commands-error-code.js';
export { type ConnObject, type ConnValue, type ParseConnArgsOptions, parseConnArgs } from './conn-args.js';
export {
  AudioCodecs,
  CONNECT_PROPERTY_ORDER,
  type ConnectOptions,
  type ConnectParams,
  type ConnectProfileInput,
  connectParamsFor,
  encodeConnect,
  FFMPEG_PLAY_FLASH_VER,
  LIBRTMP_FLASH_VER,
  VideoCodecs,
} from './connect.js';
export {
  encodeOnMetaData,
  encodeOnPlayStatus,
  encodeRtmpSampleAccess,
  encodeSetDataFrame,
} from './data-messages.js';
export {
  type CallCommand,
  type CommandBase,
  type ConnectCommand,
  type DecodedCommand,
  type DeleteStreamCommand,
  decodeCommand,
  type PauseCommand,
  type Play2Command,
  type PlayCommand,
  type PublishCommand,
  type ReceiveCommand,
  type ResultCommand,
  type SecureTokenResponseCommand,
  type SeekCommand,
  type SimpleCommand,
  type StatusCommand,
  type StreamNameCommand,
} from './decode-command.js';
export {
  type ClearDataFrameMessage,
  type DataMessageBase,
  type DecodedDataMessage,
  decodeDataMessage,
  type GenericDataMessage,
  type OnMetaDataMessage,
  type OnPlayStatusMessage,
  type RtmpSampleAccessMessage,
  type SetDataFrameMessage,
} from './decode-data-message.js';
export {
  commandTypeId,
  dataTypeId,
  type EncodeOptions,
  encodeCommand,
  encodeData,
} from './encode-command.js';
export {
  encodeCall,
  encodeCheckBandwidth,
  encodeCreateStream,
  encodeDeleteStream,
  encodeFCPublish,
  encodeFCSubscribe,
  encodeFCUnpublish,
  encodeFCUnsubscribe,
  encodeGetStreamLength,
  encodeReleaseStream,
} from './net-connection-commands.js';
export {
  encodeCloseStream,
  encodePause,
  encodePlay,
  encodePlay2,
  encodePublish,
  encodeReceiveAudio,
  encodeReceiveVideo,
  encodeSeek,
  type Play2Options,
  type PlayArgs,
  PlayStart,
  type PublishType,
} from './net-stream-commands.js';
export {
  type AdobeAuthInput,
  adobeAuthQuery,
  base64,
  hexNonce,
  type LlnwAuthInput,
  llnwAuthQuery,
  type PublisherAuthChallenge,
  parsePublisherAuthChallenge,
} from './publisher-auth.js';
export {
  encodeClose,
  encodeError,
  encodeOnBWCheck,
  encodeOnBWDone,
  encodeOnBWDoneResult,
  encodeOnStatus,
  encodePing,
  encodePong,
  encodeResult,
  encodeSecureTokenResponse,
  encodeStatusNotification,
  type StatusInfoInput,
  statusObject,
} from './response-commands.js';
export { decryptSecureToken, type SecureTokenOptions } from './secure-token.js';
export {
  isKnownStatusCode,
  type KnownStatusCode,
  STATUS_CODES,
  type StatusCode,
  type StatusInfo,
  type StatusLevel,
  type StatusOutcome,
  statusLevel,
  statusOutcome,
} from './status-codes.js';
export { swfHash, swfVerificationResponse } from './swf-verification.js';
export {
  type PendingTransaction,
  TransactionTable,
  type TransactionTableOptions,
} from './transaction-table.js';
export { xxteaDecryptWords, xxteaEncryptWords } from './xxtea.js';
