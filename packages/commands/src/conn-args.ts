/**
 * parseConnArgs: librtmp's `conn=` / rtmpdump `--conn` / FFmpeg `rtmp_conn` syntax for extra AMF
 * arguments appended to `connect` (protocol.md §4.1 and §5.2; rtmpdump(1) `--conn`).
 *
 * Items: `B:0|1` boolean, `N:<number>` number, `S:<text>` string, `Z:` null, `O:1` opens an
 * object and `O:0` closes it. Inside an object every item is named: `NB:name:1`, `NN:name:1.5`,
 * `NS:name:text`, `NZ:name:` (FFmpeg; librtmp lacks it), `NO:name:1` (nested object, closed by
 * `O:0`). The result is the list of top-level AMF values, objects as null-prototype records in
 * item order — exactly what librtmp and FFmpeg append after the command object.
 *
 * Stricter than both libraries, on purpose: librtmp silently adds unnamed items inside objects
 * with an empty key (which real decoders read as the end of the object), opens an object for
 * `NO:name:0`, and closes objects left open; FFmpeg writes broken AMF for unbalanced input. Here
 * each of these is a `COMMANDS_CONN_*` error naming the item.
 */

import { RtmpError } from '@rtmp/core';
import { CommandsErrorCode } from './commands-error-code.js';

/** A value a `conn` item produces. */
export type ConnValue = boolean | number | string | null | ConnObject;
/** An object built from `O:1 … O:0` (null prototype, keys in item order). */
export interface ConnObject {
  [key: string]: ConnValue;
}

/** Limits for {@link parseConnArgs}. */
export interface ParseConnArgsOptions {
  /** Most items accepted (default 256). */
  maxItems?: number;
  /** Deepest object nesting (default 16). */
  maxDepth?: number;
}

const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$|^[+-]?(?:Infinity|0[xX][0-9a-fA-F]+)$/;

function invalid(item: string, index: number, reason: string): RtmpError {
  return new RtmpError(CommandsErrorCode.ConnInvalidItem, `conn item ${index} "${item}": ${reason}`, {
    details: { item, index, reason },
  });
}

function parseScalar(type: string, value: string, item: string, index: number): ConnValue {
  switch (type) {
    case 'B':
      if (value === '0' || value === '1') return value === '1';
      throw invalid(item, index, 'a boolean must be 0 or 1');
    case 'N': {
      if (!NUMBER_PATTERN.test(value)) throw invalid(item, index, 'not a number');
      const n = Number(value);
      if (Number.isNaN(n)) throw invalid(item, index, 'not a number');
      return n;
    }
    case 'S':
      return value;
    case 'Z':
      return null;
    default:
      throw invalid(item, index, `unknown type "${type}" (expected B, N, S, Z or O)`);
  }
}

/**
 * Parses `conn` items into the AMF values to append after the connect command object.
 *
 * ```ts
 * parseConnArgs(['S:x', 'O:1', 'NS:k:v', 'O:0']); // ['x', { k: 'v' }]
 * ```
 *
 * @throws {RtmpError} COMMANDS_CONN_INVALID_ITEM — unknown type, `B:` not 0/1, `N:` not a number,
 *   unnamed item inside an object, named item outside one, empty or duplicate name, `NO:name:0`
 * @throws {RtmpError} COMMANDS_CONN_UNBALANCED — `O:0` with no open object, objects left open,
 *   or nesting deeper than `maxDepth`
 * @throws {RtmpError} COMMANDS_CONN_TOO_MANY_ITEMS — more than `maxItems` items
 */
export function parseConnArgs(items: readonly string[], options: ParseConnArgsOptions = {}): ConnValue[] {
  const maxItems = options.maxItems ?? 256;
  const maxDepth = options.maxDepth ?? 16;
  if (items.length > maxItems) {
    throw new RtmpError(
      CommandsErrorCode.ConnTooManyItems,
      `${items.length} conn items, limit is ${maxItems}`,
      {
        details: { count: items.length, limit: maxItems },
      },
    );
  }
  const result: ConnValue[] = [];
  const stack: ConnObject[] = [];
  for (let index = 0; index < items.length; index++) {
    const item = items[index]!;
    const open = stack[stack.length - 1];
    if (item.length >= 2 && item[1] === ':') {
      const type = item[0]!;
      const value = item.slice(2);
      if (type === 'O') {
        if (value === '0') {
          if (stack.length === 0) {
            throw new RtmpError(
              CommandsErrorCode.ConnUnbalanced,
              `conn item ${index} "O:0" closes no object`,
              {
                details: { item, index },
              },
            );
          }
          stack.pop();
          continue;
        }
        if (value !== '1') throw invalid(item, index, 'an object item must be O:1 (open) or O:0 (close)');
        if (open) throw invalid(item, index, 'items inside an object must be named (use NO:name:1)');
        const object: ConnObject = Object.create(null);
        result.push(object);
        stack.push(object);
        checkDepth(stack.length, maxDepth, item, index);
        continue;
      }
      const scalar = parseScalar(type, value, item, index);
      if (open) throw invalid(item, index, `items inside an object must be named (use N${type}:name:value)`);
      result.push(scalar);
      continue;
    }
    if (item.length >= 3 && item[0] === 'N' && item[2] === ':') {
      const type = item[1]!;
      const rest = item.slice(3);
      const colon = rest.indexOf(':');
      if (colon < 0) throw invalid(item, index, 'a named item needs N<type>:name:value');
      const name = rest.slice(0, colon);
      const value = rest.slice(colon + 1);
      if (name.length === 0) throw invalid(item, index, 'empty property name');
      if (!open) throw invalid(item, index, 'named items are only allowed inside an object (O:1 … O:0)');
      if (Object.hasOwn(open, name)) throw invalid(item, index, `duplicate property "${name}"`);
      if (type === 'O') {
        if (value !== '1')
          throw invalid(item, index, 'a nested object opens with NO:name:1 and closes with O:0');
        const object: ConnObject = Object.create(null);
        open[name] = object;
        stack.push(object);
        checkDepth(stack.length, maxDepth, item, index);
        continue;
      }
      open[name] = parseScalar(type, value, item, index);
      continue;
    }
    throw invalid(item, index, 'expected <type>:<value> or N<type>:<name>:<value>');
  }
  if (stack.length > 0) {
    throw new RtmpError(
      CommandsErrorCode.ConnUnbalanced,
      `${stack.length} conn object(s) left open (add O:0)`,
      {
        details: { open: stack.length },
      },
    );
  }
  return result;
}

function checkDepth(depth: number, maxDepth: number, item: string, index: number): void {
  if (depth > maxDepth) {
    throw new RtmpError(CommandsErrorCode.ConnUnbalanced, `conn objects nested deeper than ${maxDepth}`, {
      details: { item, index, limit: maxDepth },
    });
  }
}
