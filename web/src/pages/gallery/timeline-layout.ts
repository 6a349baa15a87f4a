/**
 * The gallery's timeline as rows of a virtual list: for each month a header, then as many rows of
 * square tiles as its count needs. Every month's count is known up front (the timeline), so the
 * whole scroll height is right before a single item has loaded.
 */

export interface MonthCount {
  month: string;
  count: number;
}

export type TimelineRow =
  | { kind: 'header'; month: string; count: number }
  /** Tiles `first` … `first + length - 1` of the month, newest first. */
  | { kind: 'tiles'; month: string; first: number; length: number };

/** Height of a month's header row, in CSS pixels. */
export const HEADER_HEIGHT = 52;
/** Space between tiles, in CSS pixels. */
export const TILE_GAP = 4;

/**
 * How many tiles fit side by side: as many as `minTile`-wide squares allow, at least 3 (a phone
 * still shows a grid) and at most 10 (a wide screen still shows photos, not stamps).
 */
export function columnsFor(width: number, minTile: number): number {
  if (!(width > 0)) return 3;
  const fit = Math.floor((width + TILE_GAP) / (minTile + TILE_GAP));
  return Math.min(10, Math.max(3, fit));
}

/** The side of one square tile when `columns` of them and their gaps fill `width`. */
export function tileSize(width: number, columns: number): number {
  return Math.max(1, (width - TILE_GAP * (columns - 1)) / columns);
}

/** The rows of the whole timeline for a grid of `columns`. */
export function timelineRows(months: readonly MonthCount[], columns: number): TimelineRow[] {
  const rows: TimelineRow[] = [];
  for (const { month, count } of months) {
    if (count <= 0) continue;
    rows.push({ kind: 'header', month, count });
    for (let first = 0; first < count; first += columns) {
      rows.push({ kind: 'tiles', month, first, length: Math.min(columns, count - first) });
    }
  }
  return rows;
}

/**
 * For each month some of whose rows are on screen (or about to be), how many of its items must be
 * loaded to fill them: the loader fetches pages until it has that many.
 */
export function neededPerMonth(rows: readonly (TimelineRow | undefined)[]): Map<string, number> {
  const needed = new Map<string, number>();
  for (const row of rows) {
    if (row === undefined) continue;
    const upTo = row.kind === 'header' ? Math.min(row.count, 1) : row.first + row.length;
    needed.set(row.month, Math.max(needed.get(row.month) ?? 0, upTo));
  }
  return needed;
}

/** The gallery month (UTC, as the server groups) an instant belongs to: "2026-11". */
export function monthOf(instant: string): string {
  return new Date(instant).toISOString().slice(0, 7);
}

/** The index of the first row of `month` (its header), or -1 when it has none. */
export function monthRowIndex(rows: readonly TimelineRow[], month: string): number {
  return rows.findIndex((row) => row.kind === 'header' && row.month === month);
}
