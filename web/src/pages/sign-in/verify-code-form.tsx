import type { SessionInfo } from '@nimbus/protocol';
import { Alert, Anchor, Button, Radio, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ApiError, sendJson } from '../../api';
import { CODE_LENGTH, CodeInput } from '../../account/code-input';
import { DestinationLabel } from '../../account/destination-label';
import { formatCountdown, useCountdown } from '../../countdown';
import { describeError } from '../../errors';
import { storeSession } from '../../session';
import type { Verification } from './sign-in-page';

interface VerifyCodeFormProps {
  verification: Verification;
  /** Back to the password step, with the reason to show there (null: the user chose to). */
  onRestart: (reason: string | null) => void;
}

/** The second step of signing in on a new browser: the 6-digit code from the mail or SMS. */
export function VerifyCodeForm({ verification, onRestart }: VerifyCodeFormProps) {
  const { t } = useTranslation();
  const { challengeId, destinations } = verification;
  const [sentTo, setSentTo] = useState(verification.sentTo);
  const [chosen, setChosen] = useState(verification.sentTo);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [burnt, setBurnt] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const countdown = useCountdown(verification.resendAfterSeconds);
  const codeInput = useRef<HTMLInputElement>(null);
  const sentDestination = destinations.find((destination) => destination.id === sentTo);

  const verify = useMutation({
    mutationFn: (typed: string) =>
      sendJson<SessionInfo>('POST', '/api/v1/sessions/verify', { challengeId, code: typed }),
    onSuccess: (info) => storeSession(info),
    onError: (failure) => {
      if (failure instanceof ApiError && failure.status === 404) {
        onRestart(t('verify.ended'));
        return;
      }
      if (failure instanceof ApiError && failure.code === 'code_invalid' && failure.details.burnt === true) {
        setBurnt(true);
      }
      setError(describeError(t, failure));
      setCode('');
      requestAnimationFrame(() => codeInput.current?.focus());
    },
  });

  const resend = useMutation({
    mutationFn: (destinationId: string) =>
      sendJson<{ sentTo: string; resendAfterSeconds: number }>('POST', '/api/v1/sessions/verify/resend', {
        challengeId,
        destinationId,
      }),
    onSuccess: (sent) => {
      setSentTo(sent.sentTo);
      countdown.restart(sent.resendAfterSeconds);
      setBurnt(false);
      setError(null);
      setCode('');
      const destination = destinations.find((item) => item.id === sent.sentTo);
      setNotice(t('verify.resent', { destination: destination?.masked ?? '' }));
      codeInput.current?.focus();
    },
    onError: (failure) => {
      if (failure instanceof ApiError && failure.status === 404) {
        onRestart(t('verify.ended'));
        return;
      }
      if (failure instanceof ApiError && failure.retryAfterSeconds !== null) {
        countdown.restart(failure.retryAfterSeconds);
      }
      setNotice(null);
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
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text>
          <Trans
            i18nKey="verify.sentTo"
            values={{ destination: sentDestination?.masked ?? '' }}
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
            {t('verify.burntHint')}
          </Alert>
        )}
        <Button type="submit" size="md" fullWidth loading={verify.isPending} disabled={burnt}>
          {t('verify.submit')}
        </Button>
        {destinations.length > 1 && (
          <Radio.Group label={t('verify.destination')} value={chosen} onChange={setChosen}>
            <Stack gap="xs" mt={6}>
              {destinations.map((destination) => (
                <Radio
                  key={destination.id}
                  value={destination.id}
                  label={<DestinationLabel destination={destination} />}
                />
              ))}
            </Stack>
          </Radio.Group>
        )}
        <Button
          variant="default"
          fullWidth
          className="countdown-button"
          disabled={waiting}
          loading={resend.isPending}
          onClick={() => resend.mutate(chosen)}
        >
          {waiting ? t('verify.resendIn', { time: formatCountdown(countdown.secondsLeft) }) : t('verify.resend')}
        </Button>
        <Anchor component="button" type="button" size="sm" onClick={() => onRestart(null)} ta="center">
          {t('verify.otherAccount')}
        </Anchor>
      </Stack>
    </form>
  );
}
