import { Grid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../layout/page-title';
import { ProductGrid } from './product-grid';
import { ServerStatusCard } from './server-status-card';

export function HomePage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.overview'));
  return (
    <Stack gap={40} maw={1180}>
      <Grid gutter="xl" align="flex-start">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md" pt={{ md: 'md' }}>
            <Title order={1}>{t('home.title')}</Title>
            <Text size="lg">{t('home.intro')}</Text>
            <Text c="dimmed">{t('home.progress')}</Text>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <ServerStatusCard />
        </Grid.Col>
      </Grid>
      <ProductGrid />
    </Stack>
  );
}
