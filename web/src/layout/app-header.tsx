import { Burger, Group, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AccountMenu } from './account-menu';
import { CloudLogo } from './cloud-logo';
import { LanguageSwitch } from './language-switch';

interface AppHeaderProps {
  navigationOpened: boolean;
  onToggleNavigation: () => void;
}

export function AppHeader({ navigationOpened, onToggleNavigation }: AppHeaderProps) {
  const { t } = useTranslation();
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <Burger
          opened={navigationOpened}
          onClick={onToggleNavigation}
          hiddenFrom="sm"
          size="sm"
          aria-label={navigationOpened ? t('layout.closeNavigation') : t('layout.openNavigation')}
          aria-expanded={navigationOpened}
          aria-controls="navigation"
        />
        <UnstyledButton component={Link} to="/" aria-label={t('app.home')}>
          <Group gap={10} wrap="nowrap">
            <CloudLogo />
            <Text component="span" fw={700} fz="lg">
              {t('app.name')}
            </Text>
          </Group>
        </UnstyledButton>
      </Group>
      <Group gap="sm" wrap="nowrap">
        <LanguageSwitch />
        <AccountMenu />
      </Group>
    </Group>
  );
}
