import { NavLink, Stack, Text } from '@mantine/core';
import { IconApi, IconHome, IconMailForward, type Icon } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useMatch } from 'react-router';
import { useServerInfo } from '../queries';

interface RouteLinkProps {
  to: string;
  label: string;
  icon: Icon;
  onNavigate: () => void;
}

function RouteLink({ to, label, icon: LinkIcon, onNavigate }: RouteLinkProps) {
  const active = useMatch({ path: to, end: true }) !== null;
  return (
    <NavLink
      component={Link}
      to={to}
      label={label}
      leftSection={<LinkIcon size={20} stroke={1.6} aria-hidden="true" />}
      active={active}
      aria-current={active ? 'page' : undefined}
      onClick={onNavigate}
    />
  );
}

/** The portal's sections; developer aids appear only where the server offers them. */
export function Navigation({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const { data: info } = useServerInfo();
  return (
    <Stack gap={4}>
      <RouteLink to="/" label={t('nav.overview')} icon={IconHome} onNavigate={onNavigate} />
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="lg" pb={4}>
        {t('nav.developer')}
      </Text>
      {info?.mode === 'local' && (
        <RouteLink to="/dev/outbox" label={t('nav.outbox')} icon={IconMailForward} onNavigate={onNavigate} />
      )}
      <NavLink
        href="/api/docs"
        label={t('nav.apiDocs')}
        leftSection={<IconApi size={20} stroke={1.6} aria-hidden="true" />}
      />
    </Stack>
  );
}
