import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { IconReload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../layout/page-title';

/** Shown inside the layout when a page throws while rendering or loading. */
export function RouteErrorPage() {
  const { t } = useTranslation();
  usePageTitle(t('routeError.title'));
  return (
    <Center py={{ base: 48, sm: 96 }}>
      <Stack align="center" gap="md" maw={460} ta="center">
        <Title order={1}>{t('routeError.title')}</Title>
        <Text c="dimmed">{t('routeError.text')}</Text>
        <Button onClick={() => window.location.reload()} leftSection={<IconReload size={18} aria-hidden="true" />}>
          {t('routeError.reload')}
        </Button>
      </Stack>
    </Center>
  );
}
