import type { SessionList } from '@nimbus/protocol';
import { Alert, Badge, Button, Card, Group, Modal, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconDeviceDesktop,
  IconDeviceMobile,
  IconLogout,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deviceName, isMobileOs } from '../../account/device-name';
import { getJson, sendJson } from '../../api';
import { describeError } from '../../errors';
import { useDateTimeFormat } from '../../format';
import { usePageTitle } from '../../layout/page-title';
import { ACCOUNT_QUERY_KEY } from '../../query-client';
import { useSignOut } from '../../session';

type Session = SessionList['sessions'][number];

const SESSIONS_QUERY_KEY = [...ACCOUNT_QUERY_KEY, 'sessions'] as const;

/** The browsers signed in to this account, this one first, then the most recently used. */
function useSessions() {
  return useQuery({
    queryKey: SESSIONS_QUERY_KEY,
    queryFn: ({ signal }) => getJson<SessionList>('/api/v1/sessions', { signal }),
    select: ({ sessions }) =>
      sessions.toSorted((a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt.localeCompare(a.lastUsedAt)),
  });
}

function SessionCard({ session, onSignOut, pending }: { session: Session; onSignOut: () => void; pending: boolean }) {
  const { t } = useTranslation();
  const formatDateTime = useDateTimeFormat();
  const app = session.kind === 'device';
  const DeviceIcon = app || isMobileOs(session.os) ? IconDeviceMobile : IconDeviceDesktop;
  // A phone or the CLI signs in as a device with tokens; a browser holds a cookie.
  const client = app ? t('sessions.app') : (session.browser ?? t('sessions.unknownBrowser'));
  // Named as "Security activity" names it; with a client always known, never null.
  const title = deviceName(t, client, session.os) ?? client;
  return (
    <Card component="li" padding="md" aria-label={title} data-current={session.current}>
      <Group justify="space-between" align="flex-start" gap="md">
        <Group gap="md" wrap="nowrap" align="flex-start" style={{ flex: '1 1 260px', minWidth: 0 }}>
          <ThemeIcon
            size={44}
            radius="md"
            variant="light"
            color={session.current ? 'nimbus' : 'gray'}
            aria-hidden="true"
          >
            <DeviceIcon size={24} stroke={1.6} />
          </ThemeIcon>
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Group gap="xs" wrap="wrap">
              <Title order={2} size="h5">
                {title}
              </Title>
              {session.current && (
                <Badge color="teal" variant="light" radius="sm" tt="none">
                  {t('sessions.thisDevice')}
                </Badge>
              )}
            </Group>
            <Text size="sm" c="dimmed">
              {t('sessions.ip')}: <span dir="ltr">{session.ip ?? t('sessions.unknown')}</span>
            </Text>
            <Text size="sm" c="dimmed">
              {t('sessions.lastUsed')}: <time dateTime={session.lastUsedAt}>{formatDateTime(session.lastUsedAt)}</time>
            </Text>
            <Text size="sm" c="dimmed">
              {t('sessions.created')}: <time dateTime={session.createdAt}>{formatDateTime(session.createdAt)}</time>
            </Text>
          </Stack>
        </Group>
        <Button
          variant="default"
          onClick={onSignOut}
          loading={pending}
          leftSection={<IconLogout size={16} aria-hidden="true" />}
          aria-label={t('sessions.signOutOne', { device: title })}
        >
          {t('sessions.signOut')}
        </Button>
      </Group>
    </Card>
  );
}

/** Where the account is signed in, with a way to end any of it. */
export function SessionsPage() {
  const { t } = useTranslation();
  usePageTitle(t('sessions.title'));
  const queryClient = useQueryClient();
  const sessions = useSessions();
  const signOut = useSignOut();
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'done' | 'error'; text: string } | null>(null);

  const revoke = useMutation({
    mutationFn: (id: string) => sendJson('DELETE', `/api/v1/sessions/${encodeURIComponent(id)}`),
    onSuccess: () => setNotice({ kind: 'done', text: t('sessions.signedOutOne') }),
    onError: (error) => setNotice({ kind: 'error', text: describeError(t, error) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: SESSIONS_QUERY_KEY }),
  });

  const revokeOthers = useMutation({
    mutationFn: () => sendJson<{ revoked: number }>('POST', '/api/v1/sessions/revoke-others'),
    onSuccess: ({ revoked }) => setNotice({ kind: 'done', text: t('sessions.signedOutOthers', { count: revoked }) }),
    onError: (error) => setNotice({ kind: 'error', text: describeError(t, error) }),
    onSettled: () => {
      setConfirming(false);
      return queryClient.invalidateQueries({ queryKey: SESSIONS_QUERY_KEY });
    },
  });

  const others = sessions.data?.filter((session) => !session.current).length ?? 0;

  return (
    <Stack gap="lg" maw={860}>
      <div>
        <Title order={1}>{t('sessions.title')}</Title>
        <Text c="dimmed" mt={6}>
          {t('sessions.description')}
        </Text>
      </div>
      <Group justify="space-between" gap="sm">
        <Text size="sm" c="dimmed">
          {sessions.data !== undefined && t('sessions.count', { count: sessions.data.length })}
        </Text>
        <Button
          color="red"
          variant="light"
          disabled={others === 0}
          onClick={() => setConfirming(true)}
          leftSection={<IconLogout size={16} aria-hidden="true" />}
        >
          {t('sessions.signOutOthers')}
        </Button>
      </Group>
      {notice !== null && (
        <Alert
          role={notice.kind === 'done' ? 'status' : 'alert'}
          color={notice.kind === 'done' ? 'teal' : 'red'}
          icon={
            notice.kind === 'done' ? <IconCircleCheck aria-hidden="true" /> : <IconAlertTriangle aria-hidden="true" />
          }
          withCloseButton
          closeButtonLabel={t('sessions.dismiss')}
          onClose={() => setNotice(null)}
        >
          {notice.text}
        </Alert>
      )}
      {sessions.isPending ? (
        <Stack gap="md">
          {[0, 1].map((row) => (
            <Skeleton key={row} height={132} radius="lg" />
          ))}
        </Stack>
      ) : sessions.isError ? (
        <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
          {describeError(t, sessions.error)}
        </Alert>
      ) : (
        <Stack component="ul" gap="md" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('sessions.listLabel')}>
          {sessions.data.map((session) => (
            <SessionCard
              key={session.id}
              session={session}
              pending={session.current ? signOut.isPending : revoke.isPending && revoke.variables === session.id}
              onSignOut={() => {
                setNotice(null);
                if (session.current) signOut.mutate();
                else revoke.mutate(session.id);
              }}
            />
          ))}
        </Stack>
      )}
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('sessions.confirmTitle')}
        centered
        radius="lg"
        closeButtonProps={{ 'aria-label': t('sessions.cancel') }}
      >
        <Stack gap="lg">
          <Text>{t('sessions.confirmText', { count: others })}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('sessions.cancel')}
            </Button>
            <Button color="red" loading={revokeOthers.isPending} onClick={() => revokeOthers.mutate()}>
              {t('sessions.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
