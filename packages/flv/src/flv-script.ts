/**
 * Script-data (type 18) helpers used by the muxer (FLV 10.1 spec E.4.4; protocol.md §8.2):
 * recognising an `onMetaData` body and librtmp's media-kind hints from its properties.
 */

import { type Amf0Node, type Amf0Property, decodeAmf0Lossless } from '@rtmp/amf0';

const ON_META_DATA = [0x02, 0x00, 0x0a, 0x6f, 0x6e, 0x4d, 0x65, 0x74, 0x61, 0x44, 0x61, 0x74, 0x61];

/**
 * True when the body's first AMF0 value is the short string `onMetaData` (the test librtmp applies
 * before writing a data message). Checks bytes only; throws nothing.
 */
export function onMetaDataBody(body: Uint8Array): boolean {
  if (body.length < ON_META_DATA.length) return false;
  for (let i = 0; i < ON_META_DATA.length; i++) if (body[i] !== ON_META_DATA[i]) return false;
  return true;
}

/**
 * The header flag bits librtmp derives from an onMetaData body: 0x01 if a property name inside an
 * anonymous AMF0 *object* (not an ECMA array, which librtmp does not search) is longer than and
 * starts with `video`, 0x04 likewise for `audio`. 0 when the body does not decode. Throws nothing.
 */
export function metadataMediaFlags(body: Uint8Array): number {
  let nodes: Amf0Node[];
  try {
    nodes = decodeAmf0Lossless(body, { maxDepth: 16, maxElements: 100_000 });
  } catch {
    return 0;
  }
  let flags = 0;
  for (const node of nodes) if (node.type === 'object') flags |= propertyFlags(node.properties, 0);
  return flags;
}

function propertyFlags(properties: readonly Amf0Property[], depth: number): number {
  let flags = 0;
  for (const { key, value } of properties) {
    if (key.length > 5 && key.startsWith('video')) flags |= 1;
    if (key.length > 5 && key.startsWith('audio')) flags |= 4;
    if (value.type === 'object' && depth < 16) flags |= propertyFlags(value.properties, depth + 1);
  }
  return flags;
}
