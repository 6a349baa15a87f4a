import { Button, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageLoader } from '../../account/require-session';
import { usePageTitle } from '../../layout/page-title';
import { useSession } from '../../session';
import { CloudTiles } from './cloud-tiles';
import { DevicesSummary } from './devices-summary';
import { StorageSummary } from './storage-summary';

/** Signed out: what Nimbus is, and the two ways in. */
function Welcome() {
  const { t } = useTranslation();
  return (
    <Stack gap="md" maw={720} pt={{ md: 'md' }}>
      <Title order={1}>{t('home.title')}</Title>
      <Text size="lg">{t('home.intro')}</Text>
      <Text c="dimmed">{t('home.signedOutHint')}</Text>
      <Group gap="sm">
        <Button component={Link} to="/sign-in">
          {t('nav.signIn')}
        </Button>
        <Button component={Link} to="/register" variant="default">
          {t('nav.register')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Signed in: the cloud as i.mi.com's main menu shows it, a tile per part, then storage and devices. */
function CloudOverview() {
  const { t } = useTranslation();
  return (
    <Stack gap="xl" maw={1180}>
      <Stack gap={6}>
        <Title order={1}>{t('home.cloudTitle')}</Title>
        <Text c="dimmed">{t('home.cloudIntro')}</Text>
      </Stack>
      <CloudTiles />
      <Grid gutter="md" align="stretch">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <StorageSummary />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <DevicesSummary />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.overview'));
  const session = useSession();
  if (session.isPending) return <PageLoader />;
  return session.data ? <CloudOverview /> : <Welcome />;
}
