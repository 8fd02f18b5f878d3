/**
 * @rtmp/flv — streaming FLV demuxer and rtmpdump-compatible muxer, tag classification and
 * onMetaData parsing (FLV 10.1 spec Annex E; E-RTMP v1/v2; protocol.md §8).
 */
export {
  AudioPacketType,
  type AudioTagInfo,
  parseAudioTagHeader,
  SoundFormat,
} from './audio-tag-header.js';
export {
  fourCcAt,
  fourCcToNumber,
  MOD_EX_PACKET_TYPE,
  type ModExResult,
  skipModEx,
} from './enhanced-rtmp.js';
export { type AggregateWriteResult, writeAggregateTags } from './flv-aggregate.js';
export {
  type FlvDemuxEnd,
  FlvDemuxer,
  type FlvDemuxerOptions,
  type FlvTag,
  type FlvWarning,
} from './flv-demuxer.js';
export { FlvError, FlvErrorCode, type FlvErrorCodeValue } from './flv-error.js';
export { decodeFlvHeader, encodeFlvHeader, type FlvHeader, type FlvHeaderOptions } from './flv-header.js';
export { type FlvMetadata, type ParseMetadataOptions, parseOnMetaData } from './flv-metadata.js';
export {
  FlvMuxer,
  type FlvMuxerOptions,
  type FlvMuxInput,
  type FlvTagChunks,
  stripSetDataFrame,
} from './flv-muxer.js';
export { FlvResumeFilter, type FlvResumeState } from './flv-resume-filter.js';
export { metadataMediaFlags, onMetaDataBody } from './flv-script.js';
export { decodeFlvTagHeader, type FlvTagHeader, writeFlvTagHeader } from './flv-tag-header.js';
export {
  FLV_FLAG_AUDIO,
  FLV_FLAG_VIDEO,
  FLV_HEADER_SIZE,
  FLV_MAX_DATA_SIZE,
  FLV_PREVIOUS_TAG_SIZE,
  FLV_TAG_HEADER_SIZE,
  FlvTagType,
  type FlvTagTypeValue,
  isKnownTagType,
} from './flv-tag-type.js';
export { type FlvReadRequest, FlvTailScanner, type FlvTailScannerOptions } from './flv-tail-scanner.js';
export { type FlvFileScan, type FlvTagLocation, findLastCompleteTag } from './scan-flv-file.js';
export {
  parseVideoTagHeader,
  VideoCodecId,
  VideoFrameType,
  VideoPacketType,
  type VideoTagInfo,
} from './video-tag-header.js';
