import { Avatar, Button, Group, Menu, Skeleton, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconDevices, IconLogout, IconUser, IconUserCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { accountName, useSession, useSignOut } from '../session';

/** The header's right end: "Sign in" and "Create account", or the signed-in account's menu. */
export function AccountMenu() {
  const { t } = useTranslation();
  const session = useSession();
  const signOut = useSignOut();

  if (session.isPending) return <Skeleton width={40} height={36} radius="xl" aria-hidden="true" />;

  if (!session.data) {
    return (
      <Group gap="xs" wrap="nowrap">
        <Button component={Link} to="/sign-in" variant="default">
          {t('header.signIn')}
        </Button>
        <Button component={Link} to="/register" visibleFrom="sm">
          {t('header.createAccount')}
        </Button>
      </Group>
    );
  }

  const { account } = session.data;
  const name = accountName(account);
  return (
    <Menu position="bottom-end" shadow="md" width={260} withinPortal>
      <Menu.Target>
        <UnstyledButton
          aria-label={t('header.accountMenu', { name })}
          className="account-button"
          data-testid="account-menu"
        >
          <Group gap={8} wrap="nowrap">
            {/* An icon, not the name's initial: a letter in front of the name would make the visible
                text one the button's label does not contain. */}
            <Avatar color="nimbus" radius="xl" size={34} aria-hidden="true">
              <IconUser size={20} stroke={1.8} />
            </Avatar>
            <Text size="sm" fw={600} truncate="end" maw={240} visibleFrom="md">
              {name}
            </Text>
            <IconChevronDown size={16} stroke={1.8} aria-hidden="true" />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)" truncate="end">
            {name}
          </Text>
          <Text size="xs" c="dimmed">
            {t('header.number', { number: account.number })}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item component={Link} to="/account" leftSection={<IconUserCircle size={18} aria-hidden="true" />}>
          {t('header.account')}
        </Menu.Item>
        <Menu.Item component={Link} to="/account/sessions" leftSection={<IconDevices size={18} aria-hidden="true" />}>
          {t('header.sessions')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          leftSection={<IconLogout size={18} aria-hidden="true" />}
          onClick={() => signOut.mutate()}
          disabled={signOut.isPending}
        >
          {t('header.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
