import type { Storage } from '@nimbus/protocol';
import { Alert, Anchor, Text } from '@mantine/core';
import { IconDatabaseOff } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getJson } from '../api';
import { STORAGE_QUERY_KEY } from './media-api';

/** The storage figures, shared by the Storage page and the notices of the upload pages. */
export function useStorage() {
  return useQuery({
    queryKey: STORAGE_QUERY_KEY,
    queryFn: ({ signal }) => getJson<Storage>('/api/v1/storage', { signal }),
  });
}

/**
 * Over quota, said where uploads start: new ones are refused until there is room, while everything
 * already stored can still be opened, downloaded and deleted. Nothing when there is room.
 */
export function StorageFullNotice() {
  const { t } = useTranslation();
  const storage = useStorage();
  if (storage.data?.readOnly !== true) return null;
  return (
    <Alert role="alert" color="red" icon={<IconDatabaseOff aria-hidden="true" />} title={t('storage.fullTitle')}>
      <Text size="sm">
        {t('storage.fullShort')}{' '}
        <Anchor component={Link} to="/storage" size="sm" fw={600}>
          {t('storage.openStorage')}
        </Anchor>
      </Text>
    </Alert>
  );
}
