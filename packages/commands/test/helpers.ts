/**
 * Test helpers: the captured fixtures, and a tiny AMF0 byte builder written from the marker table
 * of the AMF0 specification (§2.2 number 0x00, §2.3 boolean 0x01, §2.4 string 0x02, §2.5 object
 * 0x03 … 00 00 09, §2.7 null 0x05, §2.10 ECMA array 0x08) so golden vectors do not come from the
 * encoder under test.
 */
import { readFileSync } from 'node:fs';

export interface CapturedMessage {
  stream: number;
  dir: 'c2s' | 's2c';
  csid: number;
  typeId: number;
  msid: number;
  hex: string;
}

/** Every message of test/fixtures/captured-commands.jsonl (see scripts/capture-fixtures.sh). */
export const captured: CapturedMessage[] = readFileSync(
  new URL('./fixtures/captured-commands.jsonl', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((line) => line.includes('"hex"'))
  .map((line) => JSON.parse(line) as CapturedMessage);

/** The n-th captured message of `stream` in direction `dir` whose AMF name is `name`. */
export function capturedNamed(stream: number, dir: 'c2s' | 's2c', name: string, nth = 0): CapturedMessage {
  const matches = captured.filter((m) => m.stream === stream && m.dir === dir && amfName(m.hex) === name);
  const found = matches[nth];
  if (!found) throw new Error(`no captured ${name} #${nth} in stream ${stream} ${dir}`);
  return found;
}

function amfName(hex: string): string {
  const bytes = Buffer.from(hex, 'hex');
  if (bytes[0] !== 2) return '';
  return bytes.subarray(3, 3 + bytes.readUInt16BE(1)).toString('latin1');
}

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
export const fromHex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));

/** Spec-derived AMF0 pieces, as hex. */
export const A = {
  num(n: number): string {
    const b = Buffer.alloc(9);
    b[0] = 0x00;
    b.writeDoubleBE(n, 1);
    return b.toString('hex');
  },
  bool(v: boolean): string {
    return v ? '0101' : '0100';
  },
  str(s: string): string {
    const body = Buffer.from(s, 'utf8');
    const head = Buffer.alloc(3);
    head[0] = 0x02;
    head.writeUInt16BE(body.length, 1);
    return head.toString('hex') + body.toString('hex');
  },
  key(s: string): string {
    const body = Buffer.from(s, 'utf8');
    const head = Buffer.alloc(2);
    head.writeUInt16BE(body.length, 0);
    return head.toString('hex') + body.toString('hex');
  },
  null: '05',
  undef: '06',
  obj(props: Array<[string, string]>): string {
    return `03${props.map(([k, v]) => A.key(k) + v).join('')}000009`;
  },
  ecma(props: Array<[string, string]>): string {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(props.length, 0);
    return `08${count.toString('hex')}${props.map(([k, v]) => A.key(k) + v).join('')}000009`;
  },
};
