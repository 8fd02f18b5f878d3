/**
 * Real-peer vectors: AMF0 bodies that rtmpdump, ffmpeg and nginx-rtmp put on the wire, checked
 * against Wireshark's independent AMF0 dissection of the same bytes (fixtures/capture/README.md).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type Amf0Node,
  decodeAmf0,
  decodeAmf0Lossless,
  ecmaArray,
  encodeAmf0,
  encodeAmf0Lossless,
} from '../src/index.js';
import { toHex } from './fixtures/hex.js';

interface Captured {
  source: string;
  dir: string;
  type: number;
  hex: string;
  tshark: string[];
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/captured-messages.json', import.meta.url), 'utf8'),
) as {
  messages: Captured[];
};

function short(node: Amf0Node): string {
  switch (node.type) {
    case 'object':
      return 'Object';
    case 'ecma-array':
      return 'ECMA array';
    case 'strict-array':
      return 'Strict array';
    default:
      return render(node, 0)[0]!.trim();
  }
}

/** Renders a node the way `tshark -V` summarises AMF0 values. */
function render(node: Amf0Node, indent: number): string[] {
  const pad = ' '.repeat(indent);
  switch (node.type) {
    case 'number':
      return [`${pad}Number ${node.value}`];
    case 'boolean':
      return [`${pad}Boolean ${node.value}`];
    case 'string':
    case 'long-string':
      return [`${pad}String '${node.value}'`];
    case 'null':
      return [`${pad}Null`];
    case 'object':
    case 'ecma-array': {
      const properties = node.type === 'object' ? node.properties : node.entries;
      const label = node.type === 'object' ? 'Object' : 'ECMA array';
      const lines = [`${pad}${label} (${properties.length} items)`];
      for (const { key, value } of properties) {
        lines.push(`${pad}    Property '${key}' ${short(value)}`, ...render(value, indent + 8));
      }
      return lines;
    }
    case 'strict-array':
      return [
        `${pad}Strict array (${node.items.length} items)`,
        ...node.items.flatMap((n) => render(n, indent + 4)),
      ];
    default:
      return [`${pad}<${node.type}>`];
  }
}

/** Rewraps decoded ECMA arrays (plain records in the ergonomic view) where the wire had them. */
function ergonomicFor(nodes: Amf0Node[], values: unknown[]): unknown[] {
  return values.map((value, i) =>
    nodes[i]!.type === 'ecma-array' ? ecmaArray(value as Record<string, unknown>) : value,
  );
}

describe('AMF0 bodies captured from rtmpdump, ffmpeg and nginx-rtmp', () => {
  expect(fixture.messages.length).toBeGreaterThan(30);
  for (const [index, message] of fixture.messages.entries()) {
    const bytes = Uint8Array.from(Buffer.from(message.hex, 'hex'));
    const name = `#${index} ${message.source} ${message.dir} type ${message.type}: ${message.tshark[0]}`;

    it(`${name} decodes as Wireshark dissects it`, () => {
      const nodes = decodeAmf0Lossless(bytes);
      expect(nodes.flatMap((node) => render(node, 0))).toEqual(message.tshark);
    });

    it(`${name} re-encodes byte-exact (lossless view)`, () => {
      expect(toHex(encodeAmf0Lossless(decodeAmf0Lossless(bytes)))).toBe(toHex(bytes));
    });

    it(`${name} re-encodes byte-exact (ergonomic view, ECMA arrays rewrapped)`, () => {
      const nodes = decodeAmf0Lossless(bytes);
      const values = ergonomicFor(nodes, decodeAmf0(bytes));
      expect(toHex(encodeAmf0(values as never))).toBe(toHex(bytes));
    });
  }
});
