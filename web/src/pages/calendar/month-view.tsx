import { ActionIcon, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import classes from './calendar.module.css';
import { EventList } from './event-list';
import { MonthGrid } from './month-grid';
import { addDays, sameDay } from './month';
import type { Occurrence } from './occurrences';

interface MonthViewProps {
  weeks: Date[][];
  selected: Date;
  today: Date;
  occurrences: Occurrence[];
  compact: boolean;
  onSelect: (day: Date) => void;
  onOpen: (occurrence: Occurrence) => void;
}

const during = (occurrence: Occurrence, day: Date) => {
  const next = addDays(day, 1);
  return occurrence.end > occurrence.start
    ? occurrence.start < next && occurrence.end > day
    : occurrence.start >= day && occurrence.start < next;
};

/** A month with its events, and the chosen day's events listed beside or below it. */
export function MonthView({ weeks, selected, today, occurrences, compact, onSelect, onOpen }: MonthViewProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  const monthName = new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric' }).format(selected);
  // A heading starts with a capital, also where month names do not ("ноябрь 2026 г.").
  const monthTitle = monthName.charAt(0).toLocaleUpperCase(language) + monthName.slice(1);
  const dayTitle = new Intl.DateTimeFormat(language, { dateStyle: 'full' }).format(selected);
  const byDay = weeks.flat().map((day) => occurrences.filter((occurrence) => during(occurrence, day)));
  const ofSelected = occurrences.filter((occurrence) => during(occurrence, selected));
  const month = selected.getMonth();
  const stepMonth = (by: number) => {
    const first = new Date(selected.getFullYear(), month + by, 1);
    onSelect(first.getFullYear() === today.getFullYear() && first.getMonth() === today.getMonth() ? today : first);
  };

  return (
    <div className={classes.monthLayout}>
      <Card padding={compact ? 'xs' : 'md'}>
        <Group justify="space-between" gap="xs" mb="sm" wrap="nowrap">
          <Group gap={4} wrap="nowrap">
            <ActionIcon
              variant="subtle"
              size="lg"
              onClick={() => stepMonth(-1)}
              aria-label={t('calendar.previousMonth')}
            >
              <IconChevronLeft size={20} aria-hidden="true" />
            </ActionIcon>
            <Title
              order={2}
              size={compact ? 'h5' : 'h4'}
              id="calendar-month"
              aria-live="polite"
              style={{ minWidth: 0, whiteSpace: 'nowrap' }}
            >
              {monthTitle}
            </Title>
            <ActionIcon variant="subtle" size="lg" onClick={() => stepMonth(1)} aria-label={t('calendar.nextMonth')}>
              <IconChevronRight size={20} aria-hidden="true" />
            </ActionIcon>
          </Group>
          <Button variant="default" size="xs" onClick={() => onSelect(today)} disabled={sameDay(selected, today)}>
            {t('calendar.today')}
          </Button>
        </Group>
        <MonthGrid
          weeks={weeks}
          month={month}
          selected={selected}
          today={today}
          byDay={byDay}
          compact={compact}
          onSelect={onSelect}
          labelledBy="calendar-month"
        />
      </Card>
      <section aria-labelledby="calendar-day">
        <Stack gap="sm">
          <Title order={2} size="h5" id="calendar-day">
            {dayTitle}
          </Title>
          {ofSelected.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t('calendar.noEventsDay')}
            </Text>
          ) : (
            <EventList occurrences={ofSelected} onOpen={onOpen} label={t('calendar.dayEvents', { date: dayTitle })} />
          )}
        </Stack>
      </section>
    </div>
  );
}
