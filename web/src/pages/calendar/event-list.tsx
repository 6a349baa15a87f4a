import { Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconMapPin, IconRepeat } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import classes from './calendar.module.css';
import { addDays, sameDay } from './month';
import type { Occurrence } from './occurrences';

/** "09:00 – 09:30", "All day", or the dates of an event over several days. */
export function useWhenText() {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  const times = new Intl.DateTimeFormat(language, { timeStyle: 'short' });
  const dateTimes = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const dates = new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short' });
  return (occurrence: Occurrence) => {
    const { start, end, allDay } = occurrence;
    if (allDay) {
      const lastDay = addDays(end, -1);
      return lastDay > start
        ? t('calendar.allDayRange', { range: dates.formatRange(start, lastDay) })
        : t('calendar.allDay');
    }
    if (end.getTime() === start.getTime()) return times.format(start);
    return sameDay(start, end) ? times.formatRange(start, end) : dateTimes.formatRange(start, end);
  };
}

/** Events as buttons that open them: when, what, where, and whether it repeats. */
export function EventList({
  occurrences,
  onOpen,
  label,
}: {
  occurrences: Occurrence[];
  onOpen: (occurrence: Occurrence) => void;
  label: string;
}) {
  const { t } = useTranslation();
  const whenText = useWhenText();
  return (
    <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label={label}>
      {occurrences.map((occurrence) => (
        <li key={occurrence.key}>
          <UnstyledButton className={classes.event} onClick={() => onOpen(occurrence)} data-event={occurrence.summary}>
            <span className={classes.bar} aria-hidden="true" />
            <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
              <Text size="sm" c="dimmed" fw={500}>
                {whenText(occurrence)}
              </Text>
              <Group gap={6} wrap="nowrap">
                <Text fw={600} truncate>
                  {occurrence.summary === '' ? t('calendar.untitled') : occurrence.summary}
                </Text>
                {occurrence.recurring && (
                  <IconRepeat
                    size={16}
                    stroke={1.8}
                    role="img"
                    aria-label={t('calendar.repeats')}
                    style={{ flexShrink: 0 }}
                  />
                )}
              </Group>
              {occurrence.location !== null && (
                <Group gap={4} wrap="nowrap" c="dimmed">
                  <IconMapPin size={14} aria-hidden="true" style={{ flexShrink: 0 }} />
                  <Text size="sm" truncate inherit>
                    {occurrence.location}
                  </Text>
                </Group>
              )}
            </Stack>
          </UnstyledButton>
        </li>
      ))}
    </Stack>
  );
}
