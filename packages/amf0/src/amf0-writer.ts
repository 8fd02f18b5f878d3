/**
 * String and key writers shared by the AMF0 encoders (AMF0 spec §1.3 UTF-8, §2.4 string, §2.14
 * long string). Internal.
 */

import type { ByteWriter } from '@rtmp/core';
import { utf8Length } from '@rtmp/core';
import { Amf0Error, Amf0ErrorCode } from './amf0-error.js';

/** UTF-16 units that always fit a U16 byte length (3 UTF-8 bytes per unit at most). */
const SAFE_SHORT_UNITS = 21845;

/** Writes a U16-length-prefixed UTF-8 string (a key or class name). Throws `AMF0_UNENCODABLE`. */
export function writeUtf8Short(w: ByteWriter, text: string): void {
  if (text.length <= SAFE_SHORT_UNITS) {
    const at = w.length;
    w.u16(0);
    w.patchU16(at, w.utf8(text));
    return;
  }
  const length = utf8Length(text);
  if (length > 0xffff) {
    throw new Amf0Error(Amf0ErrorCode.Unencodable, `AMF0 key or class name of ${length} bytes (max 65535)`, {
      details: { length },
    });
  }
  w.u16(length);
  w.utf8(text);
}

/** Writes a U32-length-prefixed UTF-8 string body (long string, XML document). */
export function writeUtf8Long(w: ByteWriter, text: string): void {
  const at = w.length;
  w.u32(0);
  w.patchU32(at, w.utf8(text));
}

/** Writes a string value: marker 0x02 when it fits 65535 bytes, 0x0C (long string) otherwise. */
export function writeStringValue(w: ByteWriter, text: string): void {
  if (text.length <= SAFE_SHORT_UNITS) {
    w.u8(0x02);
    const at = w.length;
    w.u16(0);
    w.patchU16(at, w.utf8(text));
    return;
  }
  const length = utf8Length(text);
  if (length <= 0xffff) {
    w.u8(0x02);
    w.u16(length);
  } else {
    w.u8(0x0c);
    w.u32(length);
  }
  w.utf8(text);
}

/** Writes the `00 00 09` object end. */
export function writeObjectEnd(w: ByteWriter): void {
  w.u8(0).u8(0).u8(0x09);
}
