import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../layout/page-title';

/** Any client route the portal does not know, inside the layout so the way back is at hand. */
export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('notFound.title'));
  return (
    <Center py={{ base: 48, sm: 96 }}>
      <Stack align="center" gap="md" maw={460} ta="center">
        <Text fz={72} fw={800} lh={1} c="nimbus.7" aria-hidden="true">
          404
        </Text>
        <Title order={1}>{t('notFound.title')}</Title>
        <Text c="dimmed">{t('notFound.text')}</Text>
        <Button component={Link} to="/" leftSection={<IconArrowLeft size={18} aria-hidden="true" />} mt="sm">
          {t('notFound.home')}
        </Button>
      </Stack>
    </Center>
  );
}
