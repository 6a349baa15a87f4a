import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconCalendarEvent } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useDayHeading, dayKey } from '../messages/day-time';
import { EventList } from './event-list';
import { addDays } from './month';
import type { Occurrence } from './occurrences';

interface AgendaViewProps {
  from: Date;
  days: number;
  occurrences: Occurrence[];
  loading: boolean;
  onOpen: (occurrence: Occurrence) => void;
  onMore: () => void;
  onCreate: () => void;
}

/** What is coming up, day by day from today; later days on request. */
export function AgendaView({ from, days, occurrences, loading, onOpen, onMore, onCreate }: AgendaViewProps) {
  const { t, i18n } = useTranslation();
  const dayHeading = useDayHeading();
  const groups = new Map<string, Occurrence[]>();
  for (const occurrence of occurrences) {
    // An event that began before today is listed under today.
    const key = dayKey(occurrence.start < from ? from : occurrence.start);
    groups.set(key, [...(groups.get(key) ?? []), occurrence]);
  }
  const until = new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: 'medium' });

  return (
    <Stack gap="lg" maw={860}>
      {groups.size === 0 && !loading ? (
        <Card>
          <Stack align="center" gap={6} py="lg" ta="center">
            <IconCalendarEvent size={36} stroke={1.4} aria-hidden="true" color="var(--mantine-color-dimmed)" />
            <Text fw={600}>{t('calendar.agendaEmpty', { count: days })}</Text>
            <Text size="sm" c="dimmed" maw={380}>
              {t('calendar.agendaEmptyText')}
            </Text>
            <Button variant="light" mt="xs" onClick={onCreate}>
              {t('calendar.new')}
            </Button>
          </Stack>
        </Card>
      ) : (
        [...groups].map(([key, dayOccurrences]) => (
          <section key={key} aria-labelledby={`agenda-${key}`}>
            <Title order={2} size="h5" mb="xs" id={`agenda-${key}`}>
              {dayHeading(key)}
            </Title>
            <EventList occurrences={dayOccurrences} onOpen={onOpen} label={dayHeading(key)} />
          </section>
        ))
      )}
      <Group justify="center" gap="sm">
        <Text size="sm" c="dimmed">
          {t('calendar.agendaUntil', { date: until.format(addDays(from, days - 1)) })}
        </Text>
        <Button variant="default" onClick={onMore} loading={loading}>
          {t('calendar.showLater')}
        </Button>
      </Group>
    </Stack>
  );
}
