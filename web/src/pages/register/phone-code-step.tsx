import type { PhoneCodeSent } from '@nimbus/protocol';
import { Alert, Anchor, Button, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconMessage2 } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ApiError, sendJson } from '../../api';
import { AuthCard } from '../../account/auth-card';
import { AuthIcon } from '../../account/auth-icon';
import { CODE_LENGTH, CodeInput } from '../../account/code-input';
import { formatInternational } from '../../account/phone-numbers';
import { formatCountdown, useCountdown } from '../../countdown';
import { describeError } from '../../errors';

interface PhoneCodeStepProps {
  registrationId: string;
  /** E.164, as the server understood the number. */
  phone: string;
  resendAfterSeconds: number;
  onVerified: (setupToken: string) => void;
  /** Back to the form: a wrong number, or a sign-up that has ended. */
  onStartOver: () => void;
}

/** The 6-digit code from the SMS that proves the number, with "Resend code" after a cooldown. */
export function PhoneCodeStep({
  registrationId,
  phone,
  resendAfterSeconds,
  onVerified,
  onStartOver,
}: PhoneCodeStepProps) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [burnt, setBurnt] = useState(false);
  const [ended, setEnded] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const countdown = useCountdown(resendAfterSeconds);
  const codeInput = useRef<HTMLInputElement>(null);
  const shownPhone = formatInternational(phone);

  const verify = useMutation({
    mutationFn: (typed: string) =>
      sendJson<{ setupToken: string }>('POST', '/api/v1/accounts/phone/verify', { registrationId, code: typed }),
    onSuccess: (verified) => onVerified(verified.setupToken),
    onError: (failure) => {
      if (failure instanceof ApiError && failure.code === 'code_invalid' && failure.details.burnt === true) {
        setBurnt(true);
      }
      setNotice(null);
      setError(describeError(t, failure));
      setCode('');
      requestAnimationFrame(() => codeInput.current?.focus());
    },
  });

  const resend = useMutation({
    mutationFn: () => sendJson<PhoneCodeSent>('POST', '/api/v1/accounts/phone/resend', { registrationId }),
    onSuccess: (sent) => {
      countdown.restart(sent.resendAfterSeconds);
      setBurnt(false);
      setError(null);
      setCode('');
      setNotice(t('phoneCode.resent', { phone: shownPhone }));
      codeInput.current?.focus();
    },
    onError: (failure) => {
      setNotice(null);
      // The registration is gone (the code was used, or the account made meanwhile): start again.
      if (failure instanceof ApiError && failure.code === 'code_invalid') {
        setEnded(true);
        return;
      }
      if (failure instanceof ApiError && failure.retryAfterSeconds !== null) {
        countdown.restart(failure.retryAfterSeconds);
      }
      setError(describeError(t, failure));
    },
  });

  function submit(event?: SubmitEvent<HTMLFormElement>) {
    event?.preventDefault();
    if (verify.isPending) return;
    if (code.length !== CODE_LENGTH) {
      setError(t('verify.errors.incomplete'));
      codeInput.current?.focus();
      return;
    }
    setError(null);
    setNotice(null);
    verify.mutate(code);
  }

  const waiting = countdown.secondsLeft > 0;
  return (
    <AuthCard
      icon={<AuthIcon icon={IconMessage2} />}
      title={t('phoneCode.title')}
      footer={
        <Trans
          i18nKey="phoneCode.wrongNumber"
          components={{ change: <Anchor component="button" type="button" onClick={onStartOver} fw={600} /> }}
        />
      }
    >
      {ended ? (
        <Stack gap="md">
          <Alert color="orange" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
            {t('phoneCode.ended')}
          </Alert>
          <Button size="md" fullWidth onClick={onStartOver}>
            {t('phoneCode.startOver')}
          </Button>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Text>
              <Trans
                i18nKey="phoneCode.sentTo"
                values={{ phone: shownPhone }}
                components={{ number: <Text span fw={700} dir="ltr" style={{ whiteSpace: 'nowrap' }} /> }}
              />
            </Text>
            <CodeInput
              ref={codeInput}
              label={t('phoneCode.code')}
              value={code}
              onChange={(digits) => {
                setCode(digits);
                setError(null);
              }}
              // The sixth digit sends the code, whether typed, pasted or filled in by the phone.
              onComplete={(digits) => {
                if (burnt || verify.isPending) return;
                setNotice(null);
                verify.mutate(digits);
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
                {t('phoneCode.burntHint')}
              </Alert>
            )}
            <Button type="submit" size="md" fullWidth loading={verify.isPending} disabled={burnt}>
              {t('phoneCode.submit')}
            </Button>
            <Button
              variant="default"
              size="md"
              fullWidth
              className="countdown-button"
              disabled={waiting}
              loading={resend.isPending}
              onClick={() => {
                setNotice(null);
                resend.mutate();
              }}
            >
              {waiting
                ? t('phoneCode.resendIn', { time: formatCountdown(countdown.secondsLeft) })
                : t('phoneCode.resend')}
            </Button>
            <List size="sm" c="dimmed" spacing={4}>
              <List.Item>{t('phoneCode.validFor')}</List.Item>
              <List.Item>{t('phoneCode.noSms')}</List.Item>
            </List>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
