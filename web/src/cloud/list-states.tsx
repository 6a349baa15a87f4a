import { Alert, Button, Card, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, type Icon } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../errors';

/** Grey rows where a list will be, so the page does not jump when it arrives. */
export function ListSkeleton({ rows = 6, height = 56 }: { rows?: number; height?: number }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" aria-busy="true" aria-label={t('recordsCommon.loading')}>
      {Array.from({ length: rows }, (_, row) => (
        <Skeleton key={row} height={height} radius="md" />
      ))}
    </Stack>
  );
}

/** A read that failed, said in words, with a way to try again. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      color="red"
      icon={<IconAlertTriangle aria-hidden="true" />}
      role="alert"
      title={t('recordsCommon.loadFailed')}
    >
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{describeError(t, error)}</Text>
        <Button variant="default" size="xs" onClick={onRetry}>
          {t('errors.retry')}
        </Button>
      </Stack>
    </Alert>
  );
}

interface EmptyStateProps {
  icon: Icon;
  title: string;
  text: string;
  action?: ReactNode;
}

/** Nothing to show yet: what this place is for and how to fill it. */
export function EmptyState({ icon: EmptyIcon, title, text, action }: EmptyStateProps) {
  return (
    <Card padding="xl">
      <Stack align="center" gap="sm" ta="center">
        <ThemeIcon size={56} radius="xl" variant="light" aria-hidden="true">
          <EmptyIcon size={28} stroke={1.6} />
        </ThemeIcon>
        <Title order={2} size="h4">
          {title}
        </Title>
        <Text c="dimmed" maw={420}>
          {text}
        </Text>
        {action}
      </Stack>
    </Card>
  );
}

interface LoadMoreProps {
  hasMore: boolean;
  loading: boolean;
  onLoad: () => void;
  failed?: unknown;
}

/** The next page on request, so a long list never loads whole. */
export function LoadMore({ hasMore, loading, onLoad, failed }: LoadMoreProps) {
  const { t } = useTranslation();
  if (!hasMore) return null;
  return (
    <Stack gap="xs">
      {failed !== undefined && failed !== null && (
        <Text size="sm" c="red.9" role="alert">
          {describeError(t, failed)}
        </Text>
      )}
      <Button variant="default" fullWidth onClick={onLoad} loading={loading}>
        {t('recordsCommon.loadMore')}
      </Button>
    </Stack>
  );
}
