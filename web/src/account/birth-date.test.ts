import { describe, expect, it } from 'vitest';
import { EMPTY_DATE, toIsoDate } from './birth-date';

const today = new Date(2026, 10, 22);

describe('toIsoDate', () => {
  it('writes a real past date as YYYY-MM-DD', () => {
    expect(toIsoDate({ day: '3', month: '2', year: '2001' }, today)).toEqual({ date: '2001-02-03' });
    expect(toIsoDate({ day: '29', month: '2', year: '2000' }, today)).toEqual({ date: '2000-02-29' });
    expect(toIsoDate({ day: '22', month: '11', year: '2026' }, today)).toEqual({ date: '2026-11-22' });
  });

  it('says which part is wrong', () => {
    expect(toIsoDate(EMPTY_DATE, today)).toEqual({ problem: 'incomplete' });
    expect(toIsoDate({ day: '3', month: '', year: '2001' }, today)).toEqual({ problem: 'incomplete' });
    expect(toIsoDate({ day: '31', month: '4', year: '2001' }, today)).toEqual({ problem: 'notReal' });
    expect(toIsoDate({ day: '29', month: '2', year: '2001' }, today)).toEqual({ problem: 'notReal' });
    expect(toIsoDate({ day: '23', month: '11', year: '2026' }, today)).toEqual({ problem: 'future' });
  });
});
