import { Anchor, Badge, Card, Group, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconDeviceMobile, IconDevices } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isMobileOs } from '../../account/device-name';
import { LoadError } from '../../cloud/list-states';
import { useDateTimeFormat } from '../../format';
import { DEVICES_QUERY_KEY, listDevices } from '../devices/devices-api';

/** The phones that sync with the account: each with whether it is connected now and when it was last seen. */
export function DevicesSummary() {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat();
  const devices = useQuery({ queryKey: DEVICES_QUERY_KEY, queryFn: ({ signal }) => listDevices(signal) });
  return (
    <Card component="section" aria-labelledby="devices-summary-title" h="100%">
      <Stack gap="md">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4" id="devices-summary-title">
            {t('home.devicesTitle')}
          </Title>
          <Anchor component={Link} to="/devices" size="sm" fw={600} td="underline">
            {t('home.devicesLink')}
          </Anchor>
        </Group>
        {devices.isPending ? (
          <Skeleton height={64} />
        ) : devices.data === undefined ? (
          <LoadError error={devices.error} onRetry={() => void devices.refetch()} />
        ) : devices.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('home.noDevices')}
          </Text>
        ) : (
          <Stack component="ul" gap="sm" m={0} p={0} aria-labelledby="devices-summary-title" className="plain-list">
            {devices.data.map((device) => {
              const DeviceIcon = isMobileOs(device.os) ? IconDeviceMobile : IconDevices;
              return (
                <Group component="li" key={device.id} gap="sm" wrap="nowrap" align="flex-start" data-device={device.id}>
                  <ThemeIcon size={36} radius="md" variant="light" aria-hidden="true">
                    <DeviceIcon size={20} stroke={1.6} />
                  </ThemeIcon>
                  <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
                    <Group gap="xs" wrap="wrap">
                      <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                        {device.name}
                      </Text>
                      <Badge variant="dot" color={device.online ? 'teal' : 'gray'} radius="sm" tt="none">
                        {device.online ? t('devices.online') : t('devices.offline')}
                      </Badge>
                    </Group>
                    <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                      {[device.model, t('home.lastSeen', { time: formatTime(device.lastSeenAt) })].join(' · ')}
                    </Text>
                  </Stack>
                </Group>
              );
            })}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
