import type { MediaItem } from '@nimbus/protocol';
import { Checkbox, Skeleton, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useMemo, useRef, useState, type MouseEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { MediaPicture } from './media-picture';
import { useDocumentTop } from './use-document-top';
import { monthLabel } from './media-format';
import {
  columnsFor,
  HEADER_HEIGHT,
  neededPerMonth,
  TILE_GAP,
  tileSize,
  timelineRows,
  type MonthCount,
  type TimelineRow,
} from './timeline-layout';
import { MonthLoader, useMonthItems } from './use-gallery';

/** The portal's fixed header (AppShell's), which covers the top of the window. */
const APP_HEADER_HEIGHT = 64;

export interface TileActions {
  selected: ReadonlySet<string>;
  /** Something is selected: every tile shows its box, and a click on a tile selects. */
  selecting: boolean;
  onToggle: (item: MediaItem, range: boolean) => void;
  /** Where a tile leads: the viewer of its item. */
  linkTo: (item: MediaItem) => string;
  /** What a tile is called: its kind and when it was taken. */
  labelOf: (item: MediaItem) => string;
}

interface TimelineGridProps extends TileActions {
  album: string | null;
  months: readonly MonthCount[];
}

/**
 * The timeline: month headers and rows of square tiles in a virtual list over the window's scroll,
 * so 100,000 photos are a few dozen elements. Rows on screen ask their month's loader for items.
 */
export function TimelineGrid({ album, months, ...actions }: TimelineGridProps) {
  const { i18n } = useTranslation();
  const listRef = useRef<HTMLDivElement | null>(null);
  const width = useWidth(listRef);
  const narrow = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });
  const columns = columnsFor(width, narrow ? 96 : 148);
  const tile = tileSize(width, columns);
  const rows = useMemo(() => timelineRows(months, columns), [months, columns]);
  const scrollMargin = useDocumentTop(listRef);

  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: (index) => (rows[index]?.kind === 'header' ? HEADER_HEIGHT : tile + TILE_GAP),
    getItemKey: (index) => {
      const row = rows[index];
      if (row === undefined) return index;
      return row.kind === 'header' ? `h-${row.month}` : `${row.month}-${row.first}`;
    },
    overscan: 6,
    scrollMargin,
  });
  useLayoutEffect(() => virtualizer.measure(), [virtualizer, tile, columns]);

  const virtualRows = virtualizer.getVirtualItems();
  const needed = neededPerMonth(virtualRows.map((row) => rows[row.index]));
  // The month at the top of the window, shown above the tiles once its own header has scrolled away.
  const top = (virtualizer.scrollOffset ?? 0) + APP_HEADER_HEIGHT;
  const topRow = virtualRows.find((row) => row.end > top);
  const topMonth = topRow === undefined ? undefined : rows[topRow.index];
  const currentMonth = topMonth?.kind === 'tiles' && top > scrollMargin ? topMonth.month : null;
  return (
    <div
      ref={listRef}
      className="gallery-grid"
      data-selecting={actions.selecting || undefined}
      style={{ height: width > 0 ? virtualizer.getTotalSize() : undefined }}
    >
      {[...needed].map(([month, count]) => (
        <MonthLoader key={month} album={album} month={month} needed={count} />
      ))}
      {currentMonth !== null && (
        <div className="gallery-current-month" aria-hidden="true">
          <span>{monthLabel(currentMonth, i18n.resolvedLanguage)}</span>
        </div>
      )}
      {width > 0 &&
        virtualRows.map((virtualRow) => {
          const row = rows[virtualRow.index];
          if (row === undefined) return null;
          return (
            <div
              key={virtualRow.key}
              className="gallery-row"
              style={{ transform: `translateY(${virtualRow.start - scrollMargin}px)`, height: virtualRow.size }}
            >
              {row.kind === 'header' ? (
                <MonthHeader month={row.month} count={row.count} locale={i18n.resolvedLanguage} />
              ) : (
                <TileRow album={album} row={row} tile={tile} {...actions} />
              )}
            </div>
          );
        })}
    </div>
  );
}

/** The element's content width, kept up to date as the window or the navigation changes. */
function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (element === null) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

function MonthHeader({ month, count, locale }: { month: string; count: number; locale: string | undefined }) {
  const { t } = useTranslation();
  return (
    <div className="gallery-month">
      <Title order={2} size="h4">
        {monthLabel(month, locale)}
      </Title>
      <Text size="sm" c="dimmed">
        {t('gallery.itemCount', { count })}
      </Text>
    </div>
  );
}

interface TileRowProps extends TileActions {
  album: string | null;
  row: Extract<TimelineRow, { kind: 'tiles' }>;
  tile: number;
}

function TileRow({ album, row, tile, ...actions }: TileRowProps) {
  const items = useMonthItems(album, row.month);
  return (
    <div className="gallery-tiles" style={{ gap: TILE_GAP }}>
      {Array.from({ length: row.length }, (_, offset) => {
        const item = items[row.first + offset];
        return item === undefined ? (
          <Skeleton key={offset} width={tile} height={tile} radius={0} />
        ) : (
          <Tile key={item.id} item={item} tile={tile} {...actions} />
        );
      })}
    </div>
  );
}

function Tile({
  item,
  tile,
  selected,
  selecting,
  onToggle,
  linkTo,
  labelOf,
}: TileActions & { item: MediaItem; tile: number }) {
  const { t } = useTranslation();
  const checked = selected.has(item.id);
  const label = labelOf(item);
  const openOrSelect = (event: MouseEvent) => {
    if (!selecting && !event.shiftKey) return;
    event.preventDefault();
    onToggle(item, event.shiftKey);
  };
  return (
    <div className="gallery-tile" data-checked={checked || undefined} style={{ width: tile, height: tile }}>
      <Link
        to={linkTo(item)}
        className="gallery-tile-link"
        aria-label={label}
        onClick={openOrSelect}
        data-item={item.id}
      >
        <MediaPicture item={item} size="thumb" alt="" compact />
      </Link>
      <Checkbox
        className="gallery-tile-check"
        aria-label={t('gallery.select.one', { name: label })}
        checked={checked}
        onChange={() => undefined}
        onClick={(event) => onToggle(item, event.shiftKey)}
        size="md"
      />
    </div>
  );
}
