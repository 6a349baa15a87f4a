import { Button, Group, Loader, SegmentedControl, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../cloud/list-states';
import { NoticeAlert, type Notice } from '../../cloud/notice';
import { CloudPageHeader } from '../../cloud/page-header';
import { describeError } from '../../errors';
import { usePageTitle } from '../../layout/page-title';
import { AgendaView } from './agenda-view';
import { useEventsIn, useRestoreEvent } from './calendar-queries';
import { EventEditor, type EditorTarget } from './event-editor';
import { parseLocal } from './ical-event';
import { addDays, firstDayOfWeek, monthWeeks, startOfDay } from './month';
import { MonthView } from './month-view';
import { occurrencesIn, type EventRecord, type Occurrence } from './occurrences';

type View = 'month' | 'agenda';

const AGENDA_STEP = 30;

/** The phones' calendars: a month at a time, or the coming days as a list; events are created and edited here too. */
export function CalendarPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('calendar.title'));
  const compact = !useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  const today = startOfDay(new Date());
  const [view, setView] = useState<View>('month');
  const [selected, setSelected] = useState(today);
  const [agendaDays, setAgendaDays] = useState(AGENDA_STEP);
  const [editor, setEditor] = useState<EditorTarget | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const restore = useRestoreEvent();

  const weeks = monthWeeks(selected.getFullYear(), selected.getMonth(), firstDayOfWeek(i18n.resolvedLanguage));
  const from = view === 'month' ? (weeks[0]?.[0] ?? selected) : today;
  const to = view === 'month' ? addDays(weeks.at(-1)?.[6] ?? selected, 1) : addDays(today, agendaDays);
  const { events, records, covered } = useEventsIn(from, to);
  const [fromTime, toTime] = [from.getTime(), to.getTime()];
  const occurrences = useMemo(
    () => occurrencesIn(records, new Date(fromTime), new Date(toTime)),
    [records, fromTime, toTime],
  );

  const open = (occurrence: Occurrence) => {
    setNotice(null);
    setEditor({ record: occurrence.record, day: startOfDay(occurrence.start) });
  };
  const summaryOf = (record: EventRecord) => record.projection.summary || t('calendar.untitled');

  return (
    <Stack gap="lg" maw={1200}>
      <CloudPageHeader
        title={t('calendar.title')}
        description={t('calendar.description')}
        actions={
          <>
            <SegmentedControl
              value={view}
              onChange={(value) => setView(value === 'agenda' ? 'agenda' : 'month')}
              data={[
                { value: 'month', label: t('calendar.views.month') },
                { value: 'agenda', label: t('calendar.views.agenda') },
              ]}
              aria-label={t('calendar.views.label')}
            />
            <Button
              leftSection={<IconPlus size={18} aria-hidden="true" />}
              onClick={() => {
                setNotice(null);
                setEditor({ record: null, day: view === 'month' ? selected : today });
              }}
            >
              {t('calendar.new')}
            </Button>
          </>
        }
      />
      {notice !== null && (
        <NoticeAlert
          notice={
            notice.action === undefined
              ? notice
              : { ...notice, action: { ...notice.action, pending: restore.isPending } }
          }
          onClose={() => setNotice(null)}
        />
      )}
      {events.isError ? (
        <LoadError error={events.error} onRetry={() => void events.refetch()} />
      ) : (
        !covered && (
          <Group gap="xs" role="status">
            <Loader size="xs" aria-hidden="true" />
            <Text size="sm" c="dimmed">
              {t('calendar.loading')}
            </Text>
          </Group>
        )
      )}
      {view === 'month' ? (
        <MonthView
          weeks={weeks}
          selected={selected}
          today={today}
          occurrences={occurrences}
          compact={compact}
          onSelect={(day) => setSelected(startOfDay(day))}
          onOpen={open}
        />
      ) : (
        <AgendaView
          from={today}
          days={agendaDays}
          occurrences={occurrences}
          loading={!covered}
          onOpen={open}
          onMore={() => setAgendaDays((days) => days + AGENDA_STEP)}
          onCreate={() => setEditor({ record: null, day: today })}
        />
      )}
      {editor !== null && (
        <EventEditor
          key={editor.record?.id ?? 'new'}
          target={editor}
          fullScreen={compact}
          onClose={() => setEditor(null)}
          onSaved={(record, created) => {
            setEditor(null);
            const summary = summaryOf(record);
            setNotice({
              kind: 'done',
              text: t(created ? 'calendar.notice.created' : 'calendar.notice.saved', { summary }),
            });
            // A single event is shown on its day; a series stays where the owner was looking.
            const { start, allDay, recurrence } = record.projection;
            const day = allDay ? parseLocal(start) : new Date(start);
            if (view === 'month' && recurrence === null && day !== null) setSelected(startOfDay(day));
          }}
          onDeleted={(record) => {
            setEditor(null);
            const summary = summaryOf(record);
            setNotice({
              kind: 'done',
              text: t('calendar.deleted', { summary }),
              action: {
                label: t('calendar.undo'),
                onClick: () =>
                  restore.mutate(record.id, {
                    onSuccess: () => setNotice({ kind: 'done', text: t('calendar.notice.restored', { summary }) }),
                    onError: (error) => setNotice({ kind: 'error', text: describeError(t, error) }),
                  }),
              },
            });
          }}
        />
      )}
    </Stack>
  );
}
