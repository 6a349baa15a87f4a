import type { IdentifierKind } from '@nimbus/protocol';
import { Alert, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignedIn } from '../../account/require-session';
import { usePageTitle } from '../../layout/page-title';
import { DeletionNotice } from '../deletion/deletion-notice';
import { ChangeIdentifier } from './change-identifier';
import { IdentifierCard } from './identifier-card';

const KINDS: readonly IdentifierKind[] = ['email', 'phone'];

/**
 * "E-mail and phone": the account's e-mail address and phone number, each added or changed with
 * the password and a code sent to the new one; the old one is told.
 */
export function IdentifiersPage() {
  const { t } = useTranslation();
  usePageTitle(t('identifiers.title'));
  const { account } = useSignedIn();
  const [editing, setEditing] = useState<IdentifierKind | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const buttons = useRef<Partial<Record<IdentifierKind, HTMLButtonElement | null>>>({});
  const deleting = account.status === 'deleting';

  /** Back to the list, with the focus on the button that started the change. */
  function close(kind: IdentifierKind, message: string | null) {
    setEditing(null);
    setDone(message);
    requestAnimationFrame(() => buttons.current[kind]?.focus());
  }

  return (
    <Stack gap="lg" maw={760}>
      <div>
        <Title order={1}>{t('identifiers.title')}</Title>
        <Text c="dimmed" mt={6}>
          {t('identifiers.description')}
        </Text>
      </div>
      {deleting && (
        <>
          <DeletionNotice account={account} />
          <Text>{t('identifiers.deletingHint')}</Text>
        </>
      )}
      {done !== null && (
        <Alert
          role="status"
          color="teal"
          icon={<IconCircleCheck aria-hidden="true" />}
          withCloseButton
          closeButtonLabel={t('identifiers.dismiss')}
          onClose={() => setDone(null)}
          data-testid="identifiers-done"
        >
          {done}
        </Alert>
      )}
      {editing === null ? (
        KINDS.map((kind) => (
          <IdentifierCard
            key={kind}
            kind={kind}
            identifier={account.identifiers.find((identifier) => identifier.kind === kind)}
            disabled={deleting}
            buttonRef={(button) => {
              buttons.current[kind] = button;
            }}
            onEdit={() => {
              setDone(null);
              setEditing(kind);
            }}
          />
        ))
      ) : (
        <ChangeIdentifier
          kind={editing}
          account={account}
          onDone={(message) => close(editing, message)}
          onCancel={() => close(editing, null)}
        />
      )}
    </Stack>
  );
}
