import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

interface SettingsPageHeaderProps {
  title: string;
  description?: ReactNode;
}

/** The top of a settings page: the way back to "My account", the page's title and what it is for. */
export function SettingsPageHeader({ title, description }: SettingsPageHeaderProps) {
  const { t } = useTranslation();
  return (
    <Stack gap={6}>
      <Anchor component={Link} to="/account" size="sm" fw={500} w="fit-content">
        <Group component="span" gap={4} wrap="nowrap">
          <IconArrowLeft size={16} stroke={1.8} aria-hidden="true" />
          {t('settingsPage.back')}
        </Group>
      </Anchor>
      <Title order={1}>{title}</Title>
      {description !== undefined && <Text c="dimmed">{description}</Text>}
    </Stack>
  );
}
