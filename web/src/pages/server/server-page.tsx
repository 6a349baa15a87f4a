import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CloudPageHeader } from '../../cloud/page-header';
import { usePageTitle } from '../../layout/page-title';
import { ServerStatusCard } from './server-status-card';

/** Version, mode and health of the server: where whoever runs it looks, open to everyone as /readyz is. */
export function ServerPage() {
  const { t } = useTranslation();
  usePageTitle(t('status.title'));
  return (
    <Stack gap="lg" maw={720}>
      <CloudPageHeader title={t('status.title')} description={t('status.description')} />
      <ServerStatusCard />
    </Stack>
  );
}
