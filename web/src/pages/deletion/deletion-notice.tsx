import type { Account, AccountState } from '@nimbus/protocol';
import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconAlertTriangle, IconArrowBackUp, IconCircleCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ApiError, sendJson } from '../../api';
import { storeAccount } from '../../account/store-account';
import { describeError } from '../../errors';
import { useDateTimeFormat } from '../../format';

/**
 * Shown while the account waits out its deletion grace period: when it ends, and "Cancel
 * deletion". Once cancelled, it says so in its place.
 */
export function DeletionNotice({ account }: { account: Account }) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat({ dateStyle: 'long', timeStyle: 'short' });
  const [cancelled, setCancelled] = useState(false);

  const cancel = useMutation({
    mutationFn: () => sendJson<AccountState>('DELETE', '/api/v1/account/deletion'),
    onSuccess: (state) => {
      setCancelled(true);
      storeAccount(state.account);
    },
  });

  if (account.status !== 'deleting' || account.deletionDueAt === null) {
    if (!cancelled) return null;
    return (
      <Alert
        role="status"
        color="teal"
        icon={<IconCircleCheck aria-hidden="true" />}
        title={t('deletion.notice.cancelledTitle')}
        withCloseButton
        closeButtonLabel={t('deletion.dismiss')}
        onClose={() => setCancelled(false)}
        data-testid="deletion-cancelled"
      >
        {t('deletion.notice.cancelledText')}
      </Alert>
    );
  }

  // Past the grace period the server cannot bring the account back any more.
  const tooLate = cancel.error instanceof ApiError && cancel.error.code === 'conflict';
  return (
    <Alert
      color="orange"
      icon={<IconAlertCircle aria-hidden="true" />}
      title={t('account.deletingTitle')}
      data-testid="deletion-notice"
    >
      <Stack gap="sm" align="flex-start">
        <Text size="sm">
          <Trans
            i18nKey="deletion.notice.text"
            values={{ date: formatDate(account.deletionDueAt) }}
            components={{ date: <time dateTime={account.deletionDueAt} style={{ fontWeight: 700 }} /> }}
          />
        </Text>
        {cancel.isError && (
          <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} role="alert" p="xs">
            {tooLate ? t('deletion.notice.tooLate') : describeError(t, cancel.error)}
          </Alert>
        )}
        <Button
          color="orange.9"
          leftSection={<IconArrowBackUp size={18} aria-hidden="true" />}
          loading={cancel.isPending}
          onClick={() => cancel.mutate()}
        >
          {t('deletion.notice.cancel')}
        </Button>
      </Stack>
    </Alert>
  );
}
