import { isKnownStatusCode, STATUS_CODES, statusLevel, statusOutcome } from '@rtmp/commands';
import { describe, expect, it } from 'vitest';

describe('status codes (protocol.md §5.3 table)', () => {
  it('classifies the codes a client must handle', () => {
    const table: Array<[string, string, string]> = [
      ['NetConnection.Connect.Success', 'status', 'success'],
      ['NetConnection.Connect.Rejected', 'error', 'failure'],
      ['NetConnection.Connect.Failed', 'error', 'failure'],
      ['NetConnection.Connect.InvalidApp', 'error', 'failure'],
      ['NetConnection.Connect.Closed', 'status', 'end'],
      ['NetStream.Play.Start', 'status', 'success'],
      ['NetStream.Play.Reset', 'status', 'info'],
      ['NetStream.Play.StreamNotFound', 'error', 'failure'],
      ['NetStream.Play.Failed', 'error', 'failure'],
      ['NetStream.Failed', 'error', 'failure'],
      ['NetStream.Play.Stop', 'status', 'end'],
      ['NetStream.Play.Complete', 'status', 'end'],
      ['NetStream.Play.UnpublishNotify', 'status', 'end'],
      ['NetStream.Publish.Start', 'status', 'success'],
      ['NetStream.Publish.BadName', 'error', 'failure'],
      ['NetStream.Unpublish.Success', 'status', 'end'],
      ['NetStream.Pause.Notify', 'status', 'success'],
      ['NetStream.Unpause.Notify', 'status', 'success'],
      ['NetStream.Seek.Notify', 'status', 'success'],
    ];
    for (const [code, level, outcome] of table) {
      expect([code, statusLevel(code), statusOutcome(code)]).toEqual([code, level, outcome]);
    }
  });

  it('classifies unknown codes by level', () => {
    expect(isKnownStatusCode('Wowza.Custom')).toBe(false);
    expect(statusLevel('Wowza.Custom')).toBeUndefined();
    expect(statusOutcome('Wowza.Custom', 'error')).toBe('failure');
    expect(statusOutcome('Wowza.Custom', 'status')).toBe('info');
    expect(statusOutcome('toString')).toBe('info');
  });

  it('every entry is well formed', () => {
    for (const [code, [level, outcome]] of Object.entries(STATUS_CODES)) {
      expect(code).toMatch(/^(NetConnection|NetStream|SharedObject)\.[A-Za-z.]+$/);
      expect(['status', 'warning', 'error']).toContain(level);
      expect(['success', 'failure', 'end', 'info']).toContain(outcome);
      if (level === 'error') expect(['failure', 'end']).toContain(outcome);
    }
  });
});
