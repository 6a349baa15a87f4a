import type { SecurityEvent } from '@nimbus/protocol';
import { Alert, Anchor, Button, Card, Group, Skeleton, Stack, Text, ThemeIcon } from '@mantine/core';
import {
  IconAlertTriangle,
  IconClock,
  IconDeviceDesktop,
  IconDeviceMobile,
  IconDeviceUnknown,
  IconMapPin,
  type Icon,
} from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { deviceName, isMobileOs } from '../../account/device-name';
import { getJson } from '../../api';
import { describeError } from '../../errors';
import { useDateTimeFormat } from '../../format';
import { usePageTitle } from '../../layout/page-title';
import { ACCOUNT_QUERY_KEY } from '../../query-client';
import { describeSecurityEvent } from './security-event-kind';
import { SettingsPageHeader } from './settings-page-header';

/** Events per "Show more"; the API answers the newest `limit` events, at most 100. */
const PAGE_SIZE = 25;
const MAX_EVENTS = 100;

function useSecurityEvents(limit: number) {
  return useQuery({
    queryKey: [...ACCOUNT_QUERY_KEY, 'security-events', limit],
    queryFn: ({ signal }) =>
      getJson<{ events: SecurityEvent[] }>(`/api/v1/account/security-events?limit=${limit}`, { signal }),
    // "Show more" keeps the events already shown while the longer list loads.
    placeholderData: keepPreviousData,
  });
}

/** One fact under an event: the time, the device or the address, with its icon. */
function Fact({ icon: FactIcon, children }: { icon: Icon; children: ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
      <FactIcon size={16} stroke={1.6} aria-hidden="true" style={{ flexShrink: 0, marginTop: 2 }} />
      <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Group>
  );
}

function EventRow({ event }: { event: SecurityEvent }) {
  const { t } = useTranslation();
  const formatDateTime = useDateTimeFormat();
  const formatDate = useDateTimeFormat({ dateStyle: 'long' });
  const look = describeSecurityEvent(t, event, formatDate);
  const device = deviceName(t, event.device.browser, event.device.os);
  const DeviceIcon =
    device === null ? IconDeviceUnknown : isMobileOs(event.device.os) ? IconDeviceMobile : IconDeviceDesktop;
  return (
    <Group
      component="li"
      gap="md"
      wrap="nowrap"
      align="flex-start"
      px={{ base: 'md', xs: 'lg' }}
      py="md"
      data-type={event.type}
      tabIndex={-1}
    >
      <ThemeIcon size={40} radius="md" variant="light" color={look.color} aria-hidden="true">
        <look.icon size={22} stroke={1.6} />
      </ThemeIcon>
      <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
        <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
          {look.text}
        </Text>
        <Group gap="lg" wrap="wrap" style={{ rowGap: 4 }}>
          <Fact icon={IconClock}>
            <time dateTime={event.createdAt}>{formatDateTime(event.createdAt)}</time>
          </Fact>
          <Fact icon={DeviceIcon}>{device ?? t('securityActivity.unknownDevice')}</Fact>
          <Fact icon={IconMapPin}>
            {t('securityActivity.ipAddress', { ip: event.ip ?? t('securityActivity.unknownIp') })}
          </Fact>
        </Group>
      </Stack>
    </Group>
  );
}

/** Sign-ins, new devices, password and contact changes, locks, recoveries and deletion, newest first. */
export function SecurityActivityPage() {
  const { t } = useTranslation();
  usePageTitle(t('securityActivity.title'));
  const [limit, setLimit] = useState(PAGE_SIZE);
  const events = useSecurityEvents(limit);
  const list = useRef<HTMLUListElement>(null);
  /** Where the events "Show more" added begin, to move focus there once they are drawn. */
  const firstNew = useRef<number | null>(null);

  const shown = events.data?.events ?? [];
  const loadingMore = events.isFetching && events.isPlaceholderData;
  const more = shown.length === limit && limit < MAX_EVENTS;

  useEffect(() => {
    const index = firstNew.current;
    if (index === null || events.isPlaceholderData) return;
    firstNew.current = null;
    list.current?.querySelectorAll<HTMLElement>(':scope > li')[index]?.focus();
  }, [events.data, events.isPlaceholderData]);

  return (
    <Stack gap="lg" maw={860}>
      <SettingsPageHeader
        title={t('securityActivity.title')}
        description={
          <Trans
            i18nKey="securityActivity.description"
            components={{
              password: <Anchor component={Link} to="/account/password" inherit />,
              sessions: <Anchor component={Link} to="/account/sessions" inherit />,
            }}
          />
        }
      />
      {events.isPending ? (
        <Card p={0}>
          {[0, 1, 2].map((row) => (
            <Group key={row} gap="md" px="lg" py="md" wrap="nowrap">
              <Skeleton height={40} width={40} radius="md" />
              <Stack gap={8} style={{ flex: 1 }}>
                <Skeleton height={14} width="60%" />
                <Skeleton height={12} width="85%" />
              </Stack>
            </Group>
          ))}
        </Card>
      ) : events.isError && events.data === undefined ? (
        <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
          <Stack gap="xs" align="flex-start">
            {describeError(t, events.error)}
            <Button variant="default" size="xs" onClick={() => void events.refetch()}>
              {t('errors.retry')}
            </Button>
          </Stack>
        </Alert>
      ) : shown.length === 0 ? (
        <Card>
          <Text c="dimmed">{t('securityActivity.empty')}</Text>
        </Card>
      ) : (
        <Card p={0}>
          <ul ref={list} className="settings-links" aria-label={t('securityActivity.listLabel')}>
            {shown.map((event) => (
              <EventRow key={event.id} event={event} />
            ))}
          </ul>
        </Card>
      )}
      {events.isError && events.data !== undefined && (
        <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
          {describeError(t, events.error)}
        </Alert>
      )}
      {more && (
        <Group justify="center">
          <Button
            variant="default"
            loading={loadingMore}
            onClick={() => {
              firstNew.current = shown.length;
              setLimit((current) => Math.min(current + PAGE_SIZE, MAX_EVENTS));
            }}
          >
            {t('securityActivity.showMore')}
          </Button>
        </Group>
      )}
      {!more && shown.length >= MAX_EVENTS && (
        <Text size="sm" c="dimmed" ta="center">
          {t('securityActivity.latestOnly', { count: MAX_EVENTS })}
        </Text>
      )}
    </Stack>
  );
}
