import type { Change } from '@nimbus/protocol';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle, IconTrash } from '@tabler/icons-react';
import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { describeError } from '../../errors';
import { useDeleteEvent, useSaveEvent } from './calendar-queries';
import { ConflictPanel } from './conflict-panel';
import { blankFields, fieldsFromIcs, icsWithFields, parseLocal, REPEATS, type EventFields } from './ical-event';
import type { EventRecord } from './occurrences';

function readFields(ics: string): EventFields | null {
  try {
    return fieldsFromIcs(ics);
  } catch {
    return null;
  }
}

export interface EditorTarget {
  /** The event to edit; null for a new one on `day`. */
  record: EventRecord | null;
  day: Date;
}

type Field = 'summary' | 'start' | 'end';
type FieldErrors = Partial<Record<Field, string>>;

interface EventEditorProps {
  target: EditorTarget;
  fullScreen: boolean;
  onClose: () => void;
  onSaved: (record: EventRecord, created: boolean) => void;
  onDeleted: (record: EventRecord) => void;
}

/** Creates or edits an event in a dialog; a repeating event is edited as a whole series. */
export function EventEditor({ target, fullScreen, onClose, onSaved, onDeleted }: EventEditorProps) {
  const { t } = useTranslation();
  const [record, setRecord] = useState(target.record);
  // What the phone wrote is read once; an item ical.js cannot read can still be deleted, not edited.
  const [stored] = useState(() => (target.record === null ? null : readFields(target.record.data.ics)));
  const [fields, setFields] = useState<EventFields>(() => stored ?? blankFields(target.day));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Change | null>(null);
  const save = useSaveEvent();
  const remove = useDeleteEvent();
  const summaryInput = useRef<HTMLInputElement>(null);
  const startInput = useRef<HTMLInputElement>(null);
  const endInput = useRef<HTMLInputElement>(null);
  const originalRepeat = stored?.repeat ?? 'none';
  const unreadable = target.record !== null && stored === null;

  const change = (changed: Partial<EventFields>) => {
    setFields((current) => ({ ...current, ...changed }));
    setErrors((current) => {
      const next = { ...current };
      if ('summary' in changed) delete next.summary;
      if ('startDate' in changed || 'startTime' in changed || 'allDay' in changed) delete next.start;
      if ('endDate' in changed || 'endTime' in changed || 'allDay' in changed) delete next.end;
      return next;
    });
    setFormError(null);
  };

  /** Moving the start moves the end with it, keeping the event's length, as calendars do. */
  function changeStart(startDate: string, startTime: string) {
    const oldStart = parseLocal(fields.startDate, fields.allDay ? '00:00' : fields.startTime);
    const oldEnd = parseLocal(fields.endDate, fields.allDay ? '00:00' : fields.endTime);
    const newStart = parseLocal(startDate, fields.allDay ? '00:00' : startTime);
    if (oldStart === null || oldEnd === null || newStart === null) {
      change({ startDate, startTime });
      return;
    }
    const newEnd = new Date(newStart.getTime() + (oldEnd.getTime() - oldStart.getTime()));
    const pad = (value: number) => String(value).padStart(2, '0');
    change({
      startDate,
      startTime,
      endDate: `${newEnd.getFullYear()}-${pad(newEnd.getMonth() + 1)}-${pad(newEnd.getDate())}`,
      endTime: fields.allDay ? fields.endTime : `${pad(newEnd.getHours())}:${pad(newEnd.getMinutes())}`,
    });
  }

  function check(): FieldErrors {
    const found: FieldErrors = {};
    if (fields.summary.trim() === '') found.summary = t('calendar.errors.summaryRequired');
    const start = parseLocal(fields.startDate, fields.allDay ? '00:00' : fields.startTime);
    const end = parseLocal(fields.endDate, fields.allDay ? '00:00' : fields.endTime);
    if (start === null) found.start = t('calendar.errors.dateInvalid');
    if (end === null) found.end = t('calendar.errors.dateInvalid');
    else if (start !== null && end < start) found.end = t('calendar.errors.endBeforeStart');
    return found;
  }

  function store(base: EventRecord | null, ics: string | null) {
    setConflict(null);
    save.mutate(
      { id: base?.id ?? null, baseVersion: base?.version ?? null, ics: icsWithFields(ics, fields) },
      {
        onSuccess: ({ record: saved }) => onSaved(saved, base === null),
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'conflict' && typeof error.details.server === 'object') {
            setConflict(error.details.server as Change);
          } else if (error instanceof ApiError && error.code === 'unprocessable') {
            setFormError(t('calendar.errors.unreadable'));
          } else {
            setFormError(describeError(t, error));
          }
        },
      },
    );
  }

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (save.isPending) return;
    const found = check();
    setErrors(found);
    const first = (['summary', 'start', 'end'] as const).find((field) => found[field] !== undefined);
    if (first !== undefined) {
      const input = { summary: summaryInput, start: startInput, end: endInput }[first];
      requestAnimationFrame(() => input.current?.focus());
      return;
    }
    store(record, record?.data.ics ?? null);
  }

  function deleteEvent() {
    if (record === null) return;
    remove.mutate(record, {
      onSuccess: () => onDeleted(record),
      onError: (error) =>
        setFormError(
          error instanceof ApiError && error.code === 'conflict'
            ? t('calendar.errors.changedBeforeDelete')
            : describeError(t, error),
        ),
    });
  }

  const repeatOptions = [
    ...REPEATS.map((repeat) => ({ value: repeat, label: t(`calendar.repeat.${repeat}`) })),
    ...(originalRepeat === 'custom' ? [{ value: 'custom', label: t('calendar.repeat.custom') }] : []),
  ];

  return (
    <Modal
      opened
      onClose={onClose}
      title={record === null ? t('calendar.newTitle') : t('calendar.editTitle')}
      fullScreen={fullScreen}
      size="lg"
      radius="lg"
      closeButtonProps={{ 'aria-label': t('calendar.close') }}
    >
      {unreadable ? (
        <Stack gap="md">
          <Alert color="orange" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
            {t('calendar.errors.cannotEdit')}
          </Alert>
          {formError !== null && (
            <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
              {formError}
            </Alert>
          )}
          <Group justify="space-between" gap="sm">
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={16} aria-hidden="true" />}
              loading={remove.isPending}
              onClick={deleteEvent}
            >
              {t('calendar.delete')}
            </Button>
            <Button variant="default" onClick={onClose}>
              {t('calendar.close')}
            </Button>
          </Group>
        </Stack>
      ) : conflict !== null ? (
        <ConflictPanel
          server={conflict}
          pending={save.isPending}
          onKeepMine={(server) => {
            setRecord(server);
            store(server, server.data.ics);
          }}
          onSaveAsNew={() => {
            setRecord(null);
            store(null, null);
          }}
          onDiscard={onClose}
        />
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <TextInput
              ref={summaryInput}
              label={t('calendar.fields.summary')}
              value={fields.summary}
              onChange={(event) => change({ summary: event.currentTarget.value })}
              error={errors.summary}
              maxLength={500}
              required
              data-autofocus
            />
            <Checkbox
              label={t('calendar.fields.allDay')}
              checked={fields.allDay}
              onChange={(event) => change({ allDay: event.currentTarget.checked })}
            />
            <SimpleGrid cols={fields.allDay ? 1 : 2} spacing="sm">
              <TextInput
                ref={startInput}
                type="date"
                label={t('calendar.fields.startDate')}
                value={fields.startDate}
                onChange={(event) => changeStart(event.currentTarget.value, fields.startTime)}
                error={errors.start}
                required
              />
              {!fields.allDay && (
                <TextInput
                  type="time"
                  label={t('calendar.fields.startTime')}
                  value={fields.startTime}
                  onChange={(event) => changeStart(fields.startDate, event.currentTarget.value)}
                  required
                />
              )}
              <TextInput
                ref={endInput}
                type="date"
                label={t('calendar.fields.endDate')}
                value={fields.endDate}
                onChange={(event) => change({ endDate: event.currentTarget.value })}
                error={errors.end}
                required
              />
              {!fields.allDay && (
                <TextInput
                  type="time"
                  label={t('calendar.fields.endTime')}
                  value={fields.endTime}
                  onChange={(event) => change({ endTime: event.currentTarget.value })}
                  required
                />
              )}
            </SimpleGrid>
            <NativeSelect
              label={t('calendar.fields.repeat')}
              data={repeatOptions}
              value={fields.repeat}
              onChange={(event) => {
                const { value } = event.currentTarget;
                change({
                  repeat: REPEATS.find((repeat) => repeat === value) ?? (value === 'custom' ? 'custom' : 'none'),
                });
              }}
            />
            {record !== null && originalRepeat !== 'none' && (
              <Alert color="nimbus" icon={<IconInfoCircle aria-hidden="true" />} p="sm">
                <Text size="sm">{t('calendar.seriesHint')}</Text>
              </Alert>
            )}
            <TextInput
              label={t('calendar.fields.location')}
              value={fields.location}
              onChange={(event) => change({ location: event.currentTarget.value })}
              maxLength={500}
            />
            <Textarea
              label={t('calendar.fields.description')}
              value={fields.description}
              onChange={(event) => change({ description: event.currentTarget.value })}
              autosize
              minRows={2}
              maxRows={8}
            />
            {formError !== null && (
              <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
                {formError}
              </Alert>
            )}
            <Group justify="space-between" gap="sm">
              {record !== null ? (
                <Button
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={16} aria-hidden="true" />}
                  loading={remove.isPending}
                  onClick={deleteEvent}
                >
                  {t('calendar.delete')}
                </Button>
              ) : (
                <span />
              )}
              <Group gap="sm">
                <Button variant="default" onClick={onClose}>
                  {t('calendar.cancel')}
                </Button>
                <Button type="submit" loading={save.isPending}>
                  {t('calendar.save')}
                </Button>
              </Group>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
