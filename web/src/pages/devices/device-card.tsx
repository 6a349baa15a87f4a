import type { Device, UpdateSyncSwitches } from '@nimbus/protocol';
import { Alert, Badge, Button, Card, Divider, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconDeviceMobile, IconDevices, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Fact } from '../../layout/fact';
import { isMobileOs } from '../../account/device-name';
import { useDateTimeFormat } from '../../format';
import { SyncSwitches } from './sync-switches';

/**
 * Whether the device holds its connection open now, so changes and messages to send reach it at
 * once; said in words, the dot's colour only repeats it.
 */
function OnlineBadge({ online }: { online: boolean }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="wrap" data-online={online}>
      <Badge variant="dot" color={online ? 'teal' : 'gray'} radius="sm" tt="none" size="md">
        {online ? t('devices.online') : t('devices.offline')}
      </Badge>
      <Text size="xs" c="dimmed">
        {online ? t('devices.onlineHint') : t('devices.offlineHint')}
      </Text>
    </Group>
  );
}

interface DeviceCardProps {
  device: Device;
  onSwitch: (update: UpdateSyncSwitches) => void;
  /** Why the last switch did not save, said in words; null when it did. */
  switchError: string | null;
  onRemove: () => void;
}

/** One device: what it is, when it was last seen and synced, what it syncs, and a way to remove it. */
export function DeviceCard({ device, onSwitch, switchError, onRemove }: DeviceCardProps) {
  const { t } = useTranslation();
  const formatDateTime = useDateTimeFormat();
  const DeviceIcon = isMobileOs(device.os) ? IconDeviceMobile : IconDevices;
  const system = [device.os, device.osVersion].filter((part) => part !== '').join(' ');
  return (
    <Card component="li" aria-label={device.name} data-device={device.id}>
      <Stack gap="md">
        <Group gap="md" wrap="nowrap" align="flex-start">
          <ThemeIcon size={44} radius="md" variant="light" aria-hidden="true">
            <DeviceIcon size={24} stroke={1.6} />
          </ThemeIcon>
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Title order={2} size="h4" style={{ overflowWrap: 'anywhere' }}>
              {device.name}
            </Title>
            <OnlineBadge online={device.online} />
          </Stack>
        </Group>
        <dl className="facts">
          <Fact label={t('devices.model')}>{device.model}</Fact>
          <Fact label={t('devices.system')}>{system}</Fact>
          <Fact label={t('devices.appVersion')}>
            {device.appVersion === '' ? t('devices.unknown') : device.appVersion}
          </Fact>
          <Fact label={t('devices.lastSeen')}>
            <time dateTime={device.lastSeenAt}>{formatDateTime(device.lastSeenAt)}</time>
          </Fact>
          <Fact label={t('devices.added')}>
            <time dateTime={device.createdAt}>{formatDateTime(device.createdAt)}</time>
          </Fact>
        </dl>
        <Divider />
        <SyncSwitches device={device} onChange={onSwitch} />
        {switchError !== null && (
          <Alert role="alert" color="red" icon={<IconAlertTriangle aria-hidden="true" />}>
            {switchError}
          </Alert>
        )}
        <Divider />
        <Group justify="space-between" gap="sm">
          <Text size="sm" c="dimmed" style={{ flex: '1 1 220px' }}>
            {t('devices.removeHint')}
          </Text>
          <Button
            color="red"
            variant="light"
            leftSection={<IconTrash size={16} aria-hidden="true" />}
            onClick={onRemove}
            aria-label={t('devices.removeOne', { name: device.name })}
          >
            {t('devices.remove')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
