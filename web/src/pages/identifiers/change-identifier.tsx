import type { Account, ChangeIdentifierRequest, IdentifierCodeSent, IdentifierKind } from '@nimbus/protocol';
import { Card, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayIdentifier } from '../../account/display-identifier';
import { countryOfPhone } from '../../account/phone-numbers';
import { storeAccount } from '../../account/store-account';
import { ConfirmIdentifierForm } from './confirm-identifier-form';
import { NewIdentifierForm, type IdentifierDraft } from './new-identifier-form';

interface ChangeIdentifierProps {
  kind: IdentifierKind;
  account: Account;
  /** The change is made: the sentence that confirms it. */
  onDone: (message: string) => void;
  onCancel: () => void;
}

/** Adding or changing the e-mail or phone: the password and the new value, then the code sent there. */
export function ChangeIdentifier({ kind, account, onDone, onCancel }: ChangeIdentifierProps) {
  const { t } = useTranslation();
  const current = account.identifiers.find((identifier) => identifier.kind === kind);
  const [draft, setDraft] = useState<IdentifierDraft>(() => ({
    password: '',
    email: '',
    phone: {
      // The country of the number being replaced, else the account's: the likeliest calling code.
      country: (current?.kind === 'phone' ? countryOfPhone(current.value) : null) ?? account.region,
      number: '',
    },
  }));
  const [step, setStep] = useState<{ request: ChangeIdentifierRequest; sent: IdentifierCodeSent } | null>(null);

  function confirmed(updated: Account) {
    const now = updated.identifiers.find((identifier) => identifier.kind === kind);
    const value = now === undefined ? '' : displayIdentifier(kind, now.value);
    // The server tells the old address only when it was verified and is really replaced.
    const told = current?.verified === true && current.value !== now?.value;
    storeAccount(updated);
    onDone(
      told
        ? t(`identifiers.${kind}.changed`, { value, old: displayIdentifier(kind, current.value) })
        : t(`identifiers.${kind}.added`, { value }),
    );
  }

  const headingId = `change-${kind}`;
  return (
    <Card component="section" aria-labelledby={headingId} maw={560} w="100%">
      <Stack gap="md">
        <div>
          <Text size="sm" c="dimmed" fw={500}>
            {t('identifiers.step', { step: step === null ? 1 : 2, total: 2 })}
          </Text>
          <Title order={2} size="h3" id={headingId} mt={2}>
            {current === undefined ? t(`identifiers.${kind}.addTitle`) : t(`identifiers.${kind}.changeTitle`)}
          </Title>
          {current !== undefined && (
            <Text size="sm" c="dimmed" mt={4} style={{ overflowWrap: 'anywhere' }}>
              {t('identifiers.current')}{' '}
              <Text span dir="ltr" inherit>
                {displayIdentifier(kind, current.value)}
              </Text>
            </Text>
          )}
        </div>
        {step === null ? (
          <NewIdentifierForm
            kind={kind}
            account={account}
            draft={draft}
            onDraftChange={setDraft}
            onSent={(request, sent) => setStep({ request, sent })}
            onCancel={onCancel}
          />
        ) : (
          <ConfirmIdentifierForm
            request={step.request}
            sent={step.sent}
            onResent={(sent) => setStep({ ...step, sent })}
            onConfirmed={confirmed}
            onBack={() => setStep(null)}
          />
        )}
      </Stack>
    </Card>
  );
}
