import type { Account, ChangeContactRequest, ContactCodeSent } from '@nimbus/protocol';
import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ApiError, sendJson } from '../../api';
import { CODE_LENGTH, CodeInput } from '../../account/code-input';
import { formatCountdown, useCountdown } from '../../countdown';
import { describeError } from '../../errors';
import { describeSendFailure, sendContactCode } from './send-contact-code';

interface ConfirmContactFormProps {
  request: ChangeContactRequest;
  sent: ContactCodeSent;
  onResent: (sent: ContactCodeSent) => void;
  onConfirmed: (account: Account) => void;
  /** Back to step one, to correct the address or number. */
  onBack: () => void;
}

/** Step two: the 6-digit code that went to the new address or number proves it is the owner's. */
export function ConfirmContactForm({ request, sent, onResent, onConfirmed, onBack }: ConfirmContactFormProps) {
  const { t } = useTranslation();
  const { kind } = sent;
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [burnt, setBurnt] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const countdown = useCountdown(sent.resendAfterSeconds);
  const codeInput = useRef<HTMLInputElement>(null);

  const confirm = useMutation({
    mutationFn: (typed: string) =>
      sendJson<{ account: Account }>('POST', '/api/v1/account/contacts/confirm', {
        challengeId: sent.challengeId,
        code: typed,
      }),
    onSuccess: ({ account }) => onConfirmed(account),
    onError: (failure) => {
      setCode('');
      if (failure instanceof ApiError && failure.code === 'conflict') {
        setFormError(t(`identifiers.${kind}.taken`));
        return;
      }
      if (failure instanceof ApiError && failure.code === 'code_invalid' && failure.details.burnt === true) {
        setBurnt(true);
      }
      // No such code: a newer one replaced it, or it never went anywhere.
      setError(
        failure instanceof ApiError && failure.status === 404 ? t('identifiers.codeEnded') : describeError(t, failure),
      );
      requestAnimationFrame(() => codeInput.current?.focus());
    },
  });

  const resend = useMutation({
    mutationFn: () => sendContactCode(request),
    onSuccess: (again) => {
      onResent(again);
      countdown.restart(again.resendAfterSeconds);
      setBurnt(false);
      setError(null);
      setFormError(null);
      setCode('');
      setNotice(t('verify.resent', { destination: again.masked }));
      codeInput.current?.focus();
    },
    onError: (failure) => {
      if (failure instanceof ApiError && failure.retryAfterSeconds !== null) {
        countdown.restart(failure.retryAfterSeconds);
      }
      setNotice(null);
      setFormError(describeSendFailure(t, kind, failure).text);
    },
  });

  function submit(event?: SubmitEvent<HTMLFormElement>) {
    event?.preventDefault();
    if (confirm.isPending) return;
    if (code.length !== CODE_LENGTH) {
      setError(t('verify.errors.incomplete'));
      codeInput.current?.focus();
      return;
    }
    setError(null);
    setNotice(null);
    confirm.mutate(code);
  }

  const waiting = countdown.secondsLeft > 0;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text>
          <Trans
            i18nKey="verify.sentTo"
            values={{ destination: sent.masked }}
            components={{ strong: <Text span fw={700} dir="ltr" style={{ overflowWrap: 'anywhere' }} /> }}
          />{' '}
          {t('verify.validFor')}
        </Text>
        <CodeInput
          ref={codeInput}
          value={code}
          onChange={(digits) => {
            setCode(digits);
            setError(null);
          }}
          onComplete={(digits) => {
            if (burnt || confirm.isPending) return;
            setNotice(null);
            confirm.mutate(digits);
          }}
          error={error}
          autoFocus
        />
        {notice !== null && (
          <Alert role="status" color="teal" icon={<IconCircleCheck aria-hidden="true" />}>
            {notice}
          </Alert>
        )}
        {burnt && (
          <Alert color="orange" icon={<IconAlertTriangle aria-hidden="true" />}>
            {t('verify.burntHint')}
          </Alert>
        )}
        {formError !== null && (
          <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
            {formError}
          </Alert>
        )}
        <Button type="submit" size="md" fullWidth loading={confirm.isPending} disabled={burnt}>
          {t('verify.submit')}
        </Button>
        <Button
          variant="default"
          fullWidth
          className="countdown-button"
          disabled={waiting}
          loading={resend.isPending}
          onClick={() => resend.mutate()}
        >
          {waiting ? t('verify.resendIn', { time: formatCountdown(countdown.secondsLeft) }) : t('verify.resend')}
        </Button>
        <Text size="sm" c="dimmed">
          {t(`identifiers.${kind}.notArrived`)}
        </Text>
        <Anchor component="button" type="button" size="sm" onClick={onBack} ta="center">
          {t(`identifiers.${kind}.back`)}
        </Anchor>
      </Stack>
    </form>
  );
}
