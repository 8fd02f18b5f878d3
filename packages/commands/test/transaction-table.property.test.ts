import { TransactionTable } from '@rtmp/commands';
import { RtmpError } from '@rtmp/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const runs = process.env.RTMP_SLOW === '1' ? 20_000 : 300;

type Op =
  | { op: 'allocate'; name: string }
  | { op: 'match'; pick: number }
  | { op: 'matchUnknown'; id: number }
  | { op: 'takeByName'; name: string };

const names = fc.constantFrom('connect', 'createStream', 'play', 'publish', 'FCPublish');
const ops = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('allocate' as const), name: names }),
    fc.record({ op: fc.constant('match' as const), pick: fc.nat() }),
    fc.record({ op: fc.constant('matchUnknown' as const), id: fc.integer({ min: -5, max: 10_000 }) }),
    fc.record({ op: fc.constant('takeByName' as const), name: names }),
  ),
  { maxLength: 200 },
);

describe('TransactionTable properties', () => {
  it('behaves like a model map: unique ids, each answer matched once, any order, bounded', () => {
    fc.assert(
      fc.property(ops, fc.integer({ min: 1, max: 16 }), (sequence: Op[], maxPending) => {
        const table = new TransactionTable<number>({ maxPending });
        const model = new Map<number, { name: string; token: number }>();
        const issued = new Set<number>();
        let token = 0;
        for (const step of sequence) {
          if (step.op === 'allocate') {
            if (model.size >= maxPending) {
              expect(() => table.allocate(step.name, token)).toThrowError(
                expect.objectContaining({ code: 'COMMANDS_TOO_MANY_PENDING' }),
              );
              continue;
            }
            const id = table.allocate(step.name, ++token);
            expect(issued.has(id)).toBe(false);
            expect(id).toBeGreaterThan(0);
            issued.add(id);
            model.set(id, { name: step.name, token });
          } else if (step.op === 'match') {
            const ids = [...model.keys()];
            if (ids.length === 0) continue;
            const id = ids[step.pick % ids.length]!;
            const entry = table.match(id);
            expect(entry).toMatchObject({ id, name: model.get(id)!.name, context: model.get(id)!.token });
            model.delete(id);
            expect(table.match(id)).toBeUndefined();
          } else if (step.op === 'matchUnknown') {
            if (model.has(step.id)) continue;
            expect(table.match(step.id)).toBeUndefined();
          } else {
            const oldest = [...model.entries()].find(([, v]) => v.name === step.name);
            const taken = table.takeByName(step.name);
            expect(taken?.id).toBe(oldest?.[0]);
            if (oldest) model.delete(oldest[0]);
          }
          expect(table.size).toBe(model.size);
          expect(table.size).toBeLessThanOrEqual(maxPending);
        }
      }),
      { numRuns: runs },
    );
  });

  it('only throws typed errors on arbitrary register ids', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { maxLength: 50 }), (ids) => {
        const table = new TransactionTable({ maxPending: 8 });
        for (const id of ids) {
          try {
            table.register(id, 'x', undefined);
          } catch (e) {
            expect(RtmpError.is(e)).toBe(true);
          }
        }
      }),
      { numRuns: runs },
    );
  });
});
