/**
 * Reading a hook's answer ({@link HookVerdict}): accept, refuse (with description and status
 * code), or drop the connection.
 */
import type { HookResult, HookVerdict } from './rtmp-server-options.js';

/** A refusal to send back. */
export interface Refusal {
  description: string;
  code?: string | undefined;
}

/** True for `{ drop: true }`. */
export function isDrop(verdict: HookVerdict): boolean {
  return typeof verdict === 'object' && verdict !== null && 'drop' in verdict && verdict.drop === true;
}

/** The refusal a verdict asks for (`false` or `{ reject }`), else undefined (accept). */
export function refusalOf(verdict: HookVerdict): Refusal | undefined {
  if (verdict === false) return { description: 'Refused by the server.' };
  if (typeof verdict === 'object' && verdict !== null && 'reject' in verdict)
    return { description: verdict.reject, code: verdict.code };
  return undefined;
}

/** Calls a hook; a throw or a rejection becomes a refusal after `onError` was told. */
export function runHook(onError: (error: unknown) => void, fn: () => HookResult): HookResult {
  const fail = (error: unknown): HookVerdict => {
    onError(error);
    return { reject: 'Refused by the server.' };
  };
  try {
    const result = fn();
    return result instanceof Promise ? result.catch(fail) : result;
  } catch (error) {
    return fail(error);
  }
}
