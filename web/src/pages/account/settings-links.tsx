import { Card, Group, Text, ThemeIcon, Title, UnstyledButton } from '@mantine/core';
import {
  IconAddressBook,
  IconChevronRight,
  IconDevices,
  IconKey,
  IconShieldCheck,
  IconTrash,
  IconUserEdit,
  type Icon,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

interface SettingsLinkProps {
  to: string;
  icon: Icon;
  title: string;
  text: string;
  danger?: boolean;
}

function SettingsLink({ to, icon: LinkIcon, title, text, danger = false }: SettingsLinkProps) {
  return (
    <li>
      <UnstyledButton component={Link} to={to} px="lg" py="md" className="link-card">
        <Group wrap="nowrap" gap="md">
          <ThemeIcon size={40} radius="md" variant="light" color={danger ? 'red.8' : undefined} aria-hidden="true">
            <LinkIcon size={22} stroke={1.6} />
          </ThemeIcon>
          <div style={{ flex: 1, minWidth: 0 }}>
            <Text fw={600} c={danger ? 'red.8' : undefined}>
              {title}
            </Text>
            <Text size="sm" c="dimmed">
              {text}
            </Text>
          </div>
          <IconChevronRight size={20} aria-hidden="true" style={{ flexShrink: 0 }} />
        </Group>
      </UnstyledButton>
    </li>
  );
}

/** Every page that changes the account, one row each, the irreversible one last. */
export function SettingsLinks() {
  const { t } = useTranslation();
  return (
    <Card component="section" aria-labelledby="account-settings" p={0}>
      <Title order={2} size="h4" id="account-settings" px="lg" pt="lg" pb="xs">
        {t('account.settings')}
      </Title>
      <ul className="settings-links">
        <SettingsLink
          to="/account/profile"
          icon={IconUserEdit}
          title={t('nav.profile')}
          text={t('account.links.profile')}
        />
        <SettingsLink
          to="/account/password"
          icon={IconKey}
          title={t('nav.password')}
          text={t('account.links.password')}
        />
        <SettingsLink
          to="/account/email-and-phone"
          icon={IconAddressBook}
          title={t('nav.identifiers')}
          text={t('account.links.identifiers')}
        />
        <SettingsLink
          to="/account/sessions"
          icon={IconDevices}
          title={t('nav.sessions')}
          text={t('account.links.sessions')}
        />
        <SettingsLink
          to="/account/security"
          icon={IconShieldCheck}
          title={t('nav.security')}
          text={t('account.links.security')}
        />
        <SettingsLink
          to="/account/delete"
          icon={IconTrash}
          title={t('nav.deleteAccount')}
          text={t('account.links.deleteAccount')}
          danger
        />
      </ul>
    </Card>
  );
}
