import type { Account, ChangeIdentifierRequest, IdentifierCodeSent, IdentifierKind } from '@nimbus/protocol';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { looksLikeEmail } from '../../account/email-address';
import { EmailInput } from '../../account/email-input';
import { PasswordField } from '../../account/password-field';
import { PhoneNumberField, type PhoneValue } from '../../account/phone-number-field';
import { readPhone } from '../../account/phone-numbers';
import { describeSendFailure, sendIdentifierCode } from './send-identifier-code';

/** What the form holds, kept while the code step is shown so "Use a different address" finds it again. */
export interface IdentifierDraft {
  password: string;
  email: string;
  phone: PhoneValue;
}

interface NewIdentifierFormProps {
  kind: IdentifierKind;
  account: Account;
  draft: IdentifierDraft;
  onDraftChange: (draft: IdentifierDraft) => void;
  onSent: (request: ChangeIdentifierRequest, sent: IdentifierCodeSent) => void;
  onCancel: () => void;
}

type Field = 'password' | 'value';

/** Step one: the current password (re-authentication), and the new e-mail address or phone number. */
export function NewIdentifierForm({ kind, account, draft, onDraftChange, onSent, onCancel }: NewIdentifierFormProps) {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const valueInput = useRef<HTMLInputElement>(null);
  const current = account.identifiers.find((identifier) => identifier.kind === kind);

  const change = (patch: Partial<IdentifierDraft>, field: Field) => {
    onDraftChange({ ...draft, ...patch });
    setErrors(({ [field]: _cleared, ...rest }) => rest);
  };

  const focus = (field: Field) =>
    requestAnimationFrame(() => (field === 'password' ? passwordInput : valueInput).current?.focus());

  const send = useMutation({
    mutationFn: sendIdentifierCode,
    onSuccess: (sent, request) => onSent(request, sent),
    onError: (error) => {
      const failure = describeSendFailure(t, kind, error);
      if (failure.field === 'password') onDraftChange({ ...draft, password: '' });
      if (failure.field === null) {
        setFormError(failure.text);
        return;
      }
      setErrors({ [failure.field]: failure.text });
      focus(failure.field);
    },
  });

  /** The new value as the server stores it, or the words for why it cannot be one. */
  function newValue(): { value: string } | { problem: string } {
    if (kind === 'email') {
      const email = draft.email.trim();
      if (email === '') return { problem: t('identifiers.email.required') };
      if (!looksLikeEmail(email)) return { problem: t('identifiers.email.invalid') };
      const same = current?.verified === true && current.value === email.toLowerCase();
      return same ? { problem: t('identifiers.email.same') } : { value: email };
    }
    const { country, number } = draft.phone;
    if (number.trim() === '') return { problem: t('identifiers.phone.required') };
    const phone = country === null ? null : readPhone(number, country);
    if (phone === null) return { problem: t('identifiers.phone.invalid') };
    return current?.verified === true && current.value === phone.e164
      ? { problem: t('identifiers.phone.same') }
      : { value: phone.e164 };
  }

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (send.isPending) return;
    setFormError(null);
    const fieldErrors: Partial<Record<Field, string>> = {};
    if (draft.password === '') fieldErrors.password = t('identifiers.errors.passwordRequired');
    const value = newValue();
    if ('problem' in value) fieldErrors.value = value.problem;
    setErrors(fieldErrors);
    if (fieldErrors.password !== undefined) return focus('password');
    if (!('value' in value)) return focus('value');
    send.mutate({
      kind,
      value: value.value,
      password: draft.password,
      ...(kind === 'phone' && draft.phone.country !== null ? { phoneRegion: draft.phone.country } : {}),
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text>{t(`identifiers.${kind}.intro`)}</Text>
        <PasswordField
          ref={passwordInput}
          label={t('identifiers.password')}
          autoComplete="current-password"
          value={draft.password}
          onChange={(event) => change({ password: event.currentTarget.value }, 'password')}
          error={errors.password}
          autoFocus
          required
        />
        {kind === 'email' ? (
          <EmailInput
            ref={valueInput}
            label={t('identifiers.email.newLabel')}
            value={draft.email}
            onChange={(event) => change({ email: event.currentTarget.value }, 'value')}
            error={errors.value}
            required
          />
        ) : (
          <PhoneNumberField
            numberRef={valueInput}
            value={draft.phone}
            onChange={(phone) => change({ phone }, 'value')}
            numberError={errors.value}
          />
        )}
        {formError !== null && (
          <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
            {formError}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('identifiers.cancel')}
          </Button>
          <Button type="submit" loading={send.isPending}>
            {t('identifiers.send')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
