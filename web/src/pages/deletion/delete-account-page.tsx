import type { Account } from '@nimbus/protocol';
import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { displayIdentifier } from '../../account/display-identifier';
import { useSignedIn } from '../../account/require-session';
import { storeAccount } from '../../account/store-account';
import { usePageTitle } from '../../layout/page-title';
import { DeletionForm } from './deletion-form';
import { DeletionNotice } from './deletion-notice';
import { GRACE_DAYS } from './grace-period';
import { WhatIsDeleted } from './what-is-deleted';

/** Where the server sends word of the deletion: the verified e-mail, else the verified phone. */
function noticeDestination(account: Account): string | null {
  const verified = account.identifiers.filter((identifier) => identifier.verified);
  const contact = verified.find((identifier) => identifier.kind === 'email') ?? verified[0];
  return contact === undefined ? null : displayIdentifier(contact.kind, contact.value);
}

/**
 * "Delete account": what goes, the week to change one's mind, and the confirmation (a code and
 * the password). While the deletion is pending, its end and "Cancel deletion" instead.
 */
export function DeleteAccountPage() {
  const { t } = useTranslation();
  usePageTitle(t('deletion.title'));
  const { account } = useSignedIn();
  const [scheduled, setScheduled] = useState(false);
  const deleting = account.status === 'deleting';
  // Opened while the deletion was pending: cancelling it here should not offer deleting again at once.
  const [openedPending] = useState(deleting);
  const destination = noticeDestination(account);

  return (
    <Stack gap="lg" maw={680}>
      <div>
        <Title order={1}>{t('deletion.title')}</Title>
        {!deleting && (
          <Text c="dimmed" mt={6}>
            {t('deletion.description', { count: GRACE_DAYS })}
          </Text>
        )}
      </div>
      {deleting && scheduled && (
        <Alert
          role="status"
          color="teal"
          icon={<IconCircleCheck aria-hidden="true" />}
          title={t('deletion.scheduled.title')}
          data-testid="deletion-scheduled"
        >
          {destination === null ? t('deletion.scheduled.text') : t('deletion.scheduled.textTold', { destination })}
        </Alert>
      )}
      <DeletionNotice account={account} />
      {deleting || scheduled || openedPending ? (
        <Button
          component={Link}
          to="/account"
          variant="default"
          leftSection={<IconArrowLeft size={18} aria-hidden="true" />}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('deletion.toAccount')}
        </Button>
      ) : (
        <>
          <WhatIsDeleted number={account.number} />
          <DeletionForm
            onScheduled={(updated) => {
              setScheduled(true);
              storeAccount(updated);
            }}
          />
        </>
      )}
    </Stack>
  );
}
