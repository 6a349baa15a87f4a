import { NavLink, Stack, Text } from '@mantine/core';
import {
  IconAddressBook,
  IconApi,
  IconCalendar,
  IconDeviceMobile,
  IconMessage,
  IconNotes,
  IconPhoto,
  IconPhoneCall,
  IconTrash,
  IconMicrophone,
  IconFolders,
  IconDatabase,
  IconDevices,
  IconHome,
  IconServer,
  IconLogin2,
  IconMailForward,
  IconShieldCheck,
  IconUserCircle,
  IconUserPlus,
  type Icon,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useMatch } from 'react-router';
import { useServerInfo } from '../queries';
import { useSession } from '../session';

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

function SectionTitle({ children }: { children: string }) {
  return (
    <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="lg" pb={4}>
      {children}
    </Text>
  );
}

/** The portal's sections; developer aids appear only where the server offers them. */
export function Navigation({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const { data: info } = useServerInfo();
  const { data: session } = useSession();
  return (
    <Stack gap={4}>
      <RouteLink to="/" label={t('nav.overview')} icon={IconHome} onNavigate={onNavigate} />
      {session && (
        <>
          <SectionTitle>{t('nav.cloud')}</SectionTitle>
          <RouteLink to="/contacts" label={t('nav.contacts')} icon={IconAddressBook} onNavigate={onNavigate} />
          <RouteLink to="/messages" label={t('nav.messages')} icon={IconMessage} onNavigate={onNavigate} />
          <RouteLink to="/calls" label={t('nav.calls')} icon={IconPhoneCall} onNavigate={onNavigate} />
          <RouteLink to="/calendar" label={t('nav.calendar')} icon={IconCalendar} onNavigate={onNavigate} />
          <RouteLink to="/notes" label={t('nav.notes')} icon={IconNotes} onNavigate={onNavigate} />
          <RouteLink to="/gallery" label={t('gallery.title')} icon={IconPhoto} onNavigate={onNavigate} />
          <RouteLink to="/recordings" label={t('nav.recordings')} icon={IconMicrophone} onNavigate={onNavigate} />
          <RouteLink to="/files" label={t('nav.files')} icon={IconFolders} onNavigate={onNavigate} />
          <RouteLink to="/devices" label={t('nav.devices')} icon={IconDeviceMobile} onNavigate={onNavigate} />
          <RouteLink to="/bin" label={t('nav.bin')} icon={IconTrash} onNavigate={onNavigate} />
          <RouteLink to="/storage" label={t('nav.storage')} icon={IconDatabase} onNavigate={onNavigate} />
        </>
      )}
      <SectionTitle>{t('nav.account')}</SectionTitle>
      {session ? (
        <>
          <RouteLink to="/account" label={t('nav.accountOverview')} icon={IconUserCircle} onNavigate={onNavigate} />
          <RouteLink to="/account/sessions" label={t('nav.sessions')} icon={IconDevices} onNavigate={onNavigate} />
          <RouteLink to="/account/security" label={t('nav.security')} icon={IconShieldCheck} onNavigate={onNavigate} />
        </>
      ) : (
        <>
          <RouteLink to="/sign-in" label={t('nav.signIn')} icon={IconLogin2} onNavigate={onNavigate} />
          <RouteLink to="/register" label={t('nav.register')} icon={IconUserPlus} onNavigate={onNavigate} />
        </>
      )}
      <SectionTitle>{t('nav.developer')}</SectionTitle>
      <RouteLink to="/server" label={t('nav.serverStatus')} icon={IconServer} onNavigate={onNavigate} />
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
