import { describe, expect, it } from 'vitest';
import { columnsFor, monthOf, monthRowIndex, neededPerMonth, tileSize, timelineRows } from './timeline-layout';

describe('the timeline layout', () => {
  it('fits as many tiles as their least width allows, between 3 and 10', () => {
    expect(columnsFor(328, 96)).toBe(3);
    expect(columnsFor(1000, 148)).toBe(6);
    expect(columnsFor(4000, 148)).toBe(10);
    expect(columnsFor(0, 148)).toBe(3);
    expect(tileSize(328, 3)).toBeCloseTo((328 - 8) / 3);
  });

  it('gives each month a header and enough rows for its count, before any item loads', () => {
    const rows = timelineRows(
      [
        { month: '2026-11', count: 7 },
        { month: '2026-10', count: 0 },
        { month: '2026-09', count: 3 },
      ],
      3,
    );
    expect(rows).toEqual([
      { kind: 'header', month: '2026-11', count: 7 },
      { kind: 'tiles', month: '2026-11', first: 0, length: 3 },
      { kind: 'tiles', month: '2026-11', first: 3, length: 3 },
      { kind: 'tiles', month: '2026-11', first: 6, length: 1 },
      { kind: 'header', month: '2026-09', count: 3 },
      { kind: 'tiles', month: '2026-09', first: 0, length: 3 },
    ]);
    expect(monthRowIndex(rows, '2026-09')).toBe(4);
  });

  it('stays a plain list at 100,000 photos', () => {
    const months = Array.from({ length: 120 }, (_, index) => ({
      month: `${2026 - Math.floor(index / 12)}-${String(12 - (index % 12)).padStart(2, '0')}`,
      count: 834,
    }));
    const started = performance.now();
    const rows = timelineRows(months, 6);
    expect(rows).toHaveLength(120 * (1 + 139));
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('asks each month on screen for as many items as its visible rows end at', () => {
    const rows = timelineRows(
      [
        { month: '2026-11', count: 7 },
        { month: '2026-09', count: 3 },
      ],
      3,
    );
    expect(neededPerMonth(rows.slice(2, 5))).toEqual(
      new Map([
        ['2026-11', 7],
        ['2026-09', 1],
      ]),
    );
  });

  it('puts an instant in its UTC month, as the server groups', () => {
    expect(monthOf('2026-11-30T23:30:00.000Z')).toBe('2026-11');
    expect(monthOf('2026-12-01T01:30:00+03:00')).toBe('2026-11');
  });
});
