import type { Account } from '@nimbus/protocol';
import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useDateTimeFormat } from '../../format';

/** Shown on the account page while the account waits out its deletion grace period. */
export function DeletionNotice({ account }: { account: Account }) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat({ dateStyle: 'long' });
  if (account.status !== 'deleting' || account.deletionDueAt === null) return null;
  return (
    <Alert color="orange" icon={<IconAlertCircle aria-hidden="true" />} title={t('account.deletingTitle')}>
      {t('account.deletingText', { date: formatDate(account.deletionDueAt) })}
    </Alert>
  );
}
