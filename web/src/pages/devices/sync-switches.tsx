import type { Category, Device, UpdateSyncSwitches } from '@nimbus/protocol';
import { Stack, Switch, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDateTimeFormat } from '../../format';

/** In the order of the navigation. */
export const SYNC_CATEGORIES = [
  'contacts',
  'messages',
  'calls',
  'calendar',
  'notes',
] as const satisfies readonly Category[];

interface SyncSwitchesProps {
  device: Device;
  onChange: (update: UpdateSyncSwitches) => void;
}

/**
 * What a device syncs: one switch per category and one for all of them. Each change is saved
 * at once; the phone shows and changes the same switches.
 */
export function SyncSwitches({ device, onChange }: SyncSwitchesProps) {
  const { t } = useTranslation();
  const formatDateTime = useDateTimeFormat();
  const all = SYNC_CATEGORIES.every((category) => device.sync[category]);
  const names: Record<Category, string> = {
    contacts: t('nav.contacts'),
    messages: t('nav.messages'),
    calls: t('nav.calls'),
    calendar: t('nav.calendar'),
    notes: t('nav.notes'),
  };
  return (
    <Stack gap="sm" component="fieldset" m={0} p={0} style={{ border: 0, minWidth: 0 }}>
      <Text component="legend" fw={600} mb="xs">
        {t('devices.syncTitle')}
      </Text>
      <Switch
        label={t('devices.syncAll')}
        description={t('devices.syncAllHint')}
        checked={all}
        onChange={(event) => onChange({ all: event.currentTarget.checked })}
        size="md"
      />
      <Stack gap="sm" pl={{ base: 0, xs: 'lg' }}>
        {SYNC_CATEGORIES.map((category) => {
          const last = device.lastSync[category] ?? null;
          return (
            <Switch
              key={category}
              label={names[category]}
              description={
                last === null ? t('devices.neverSynced') : t('devices.lastSynced', { time: formatDateTime(last) })
              }
              checked={device.sync[category]}
              onChange={(event) => onChange({ [category]: event.currentTarget.checked })}
              data-category={category}
            />
          );
        })}
      </Stack>
    </Stack>
  );
}
