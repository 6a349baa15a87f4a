import { Fragment, useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './calendar.module.css';
import { addDays, sameDay } from './month';
import type { Occurrence } from './occurrences';

const CHIPS = 3;

/** Times as short as the language allows in a narrow day: "7 PM", "7:30 PM", "19:00". */
function chipTimeFormat(language: string | undefined) {
  const withMinutes = new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit' });
  const twelveHour = withMinutes.resolvedOptions().hour12 === true;
  const hourOnly = new Intl.DateTimeFormat(language, { hour: 'numeric' });
  return (date: Date) => (twelveHour && date.getMinutes() === 0 ? hourOnly : withMinutes).format(date);
}

interface MonthGridProps {
  weeks: Date[][];
  month: number;
  selected: Date;
  today: Date;
  /** The occurrences of each shown day, by its index in the weeks read row by row. */
  byDay: Occurrence[][];
  compact: boolean;
  onSelect: (day: Date) => void;
  labelledBy: string;
}

/**
 * A month as a grid of days, each a button with its events (chips on wide screens, dots on phones).
 * One day is in the tab order; the arrow keys, Home/End and Page Up/Down move between days.
 */
export function MonthGrid({ weeks, month, selected, today, byDay, compact, onSelect, labelledBy }: MonthGridProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  const weekday = new Intl.DateTimeFormat(language, { weekday: compact ? 'narrow' : 'short' });
  const weekdayLong = new Intl.DateTimeFormat(language, { weekday: 'long' });
  const fullDate = new Intl.DateTimeFormat(language, { dateStyle: 'full' });
  const chipTime = chipTimeFormat(language);
  const grid = useRef<HTMLTableElement>(null);
  const moved = useRef(false);

  // After a key moved the selection, the new day takes the focus (it may have just been drawn).
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    grid.current?.querySelector<HTMLButtonElement>('button[data-selected]')?.focus();
  }, [selected]);

  const weekStart = weeks[0]?.[0]?.getDay() ?? 1;
  const column = (day: Date) => (day.getDay() - weekStart + 7) % 7;

  function onKeyDown(event: KeyboardEvent<HTMLTableElement>) {
    const steps: Record<string, () => Date> = {
      ArrowLeft: () => addDays(selected, -1),
      ArrowRight: () => addDays(selected, 1),
      ArrowUp: () => addDays(selected, -7),
      ArrowDown: () => addDays(selected, 7),
      Home: () => addDays(selected, -column(selected)),
      End: () => addDays(selected, 6 - column(selected)),
      PageUp: () => new Date(selected.getFullYear(), selected.getMonth() - 1, selected.getDate()),
      PageDown: () => new Date(selected.getFullYear(), selected.getMonth() + 1, selected.getDate()),
    };
    const step = steps[event.key];
    if (step === undefined || !(event.target instanceof HTMLButtonElement)) return;
    event.preventDefault();
    moved.current = true;
    onSelect(step());
  }

  return (
    <table
      ref={grid}
      role="grid"
      aria-labelledby={labelledBy}
      className={compact ? `${classes.grid} ${classes.compact}` : classes.grid}
      onKeyDown={onKeyDown}
    >
      <thead>
        <tr>
          {weeks[0]?.map((day) => (
            <th key={day.getDay()} scope="col" abbr={weekdayLong.format(day)}>
              {weekday.format(day)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week, row) => (
          <tr key={week[0]?.getTime()}>
            {week.map((day, column) => {
              const events = byDay[row * 7 + column] ?? [];
              const isSelected = sameDay(day, selected);
              const chipText = (occurrence: (typeof events)[number]) =>
                `${occurrence.allDay || occurrence.start < day ? '' : `${chipTime(occurrence.start)} `}${
                  occurrence.summary === '' ? t('calendar.untitled') : occurrence.summary
                }`;
              // What the cell shows comes first in its name, so that speech users can say what they see.
              const shown = compact
                ? []
                : [
                    ...events.slice(0, CHIPS).map(chipText),
                    ...(events.length > CHIPS ? [t('calendar.more', { count: events.length - CHIPS })] : []),
                  ];
              const name = [
                ...(shown.length === 0 ? [] : [`${day.getDate()} ${shown.join(' ')}`]),
                fullDate.format(day),
                events.length === 0 ? t('calendar.noEventsShort') : t('calendar.eventCount', { count: events.length }),
              ].join(', ');
              return (
                <td key={day.getTime()} role="gridcell" aria-selected={isSelected}>
                  <button
                    type="button"
                    className={classes.day}
                    tabIndex={isSelected ? 0 : -1}
                    aria-label={name}
                    aria-current={sameDay(day, today) ? 'date' : undefined}
                    data-selected={isSelected || undefined}
                    data-today={sameDay(day, today) || undefined}
                    data-outside={day.getMonth() !== month || undefined}
                    data-day={day.getDate()}
                    onClick={() => onSelect(day)}
                  >
                    <span className={classes.number}>{day.getDate()}</span>
                    {/* Spaces between the parts (ignored by the flex layout): the visible text reads as words, as the name does. */}{' '}
                    {compact ? (
                      <span className={classes.dots} aria-hidden="true">
                        {events.slice(0, CHIPS).map((occurrence) => (
                          <span key={occurrence.key} className={classes.dot} />
                        ))}
                      </span>
                    ) : (
                      <>
                        {events.slice(0, CHIPS).map((occurrence) => (
                          <Fragment key={occurrence.key}>
                            <span
                              className={classes.chip}
                              data-all-day={occurrence.allDay || undefined}
                              aria-hidden="true"
                            >
                              {chipText(occurrence)}
                            </span>{' '}
                          </Fragment>
                        ))}
                        {events.length > CHIPS && (
                          <span className={classes.more} aria-hidden="true">
                            {t('calendar.more', { count: events.length - CHIPS })}
                          </span>
                        )}
                      </>
                    )}
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
