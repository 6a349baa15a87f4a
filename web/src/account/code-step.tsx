import { Alert, Button, Stack } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type ReactNode, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { useCountdown } from '../countdown';
import { describeError } from '../errors';
import { CODE_LENGTH, CodeInput } from './code-input';
import { CountdownButton } from './countdown-button';

/**
 * Where a failure is said: under the code field, in an alert about the whole step, or nowhere
 * because the page has dealt with it (gone back a step, say).
 */
export type CodeFailure = { field: string } | { step: string } | 'handled';

/** The words of the step; the sign-in's "Verification code", "Confirm", "Resend code" unless said. */
export interface CodeStepLabels {
  code: string;
  submit: string;
  burntHint: string;
  resend: string;
  resendIn: (time: string) => string;
}

interface CodeStepProps<Verified, Sent extends { resendAfterSeconds: number }> {
  /** Above the field: where the code went ("We sent a 6-digit code to …"). */
  intro: ReactNode;
  /** How long until a new code may be asked for, as the server said when it sent this one. */
  resendAfterSeconds: number;
  /** Sends the typed code to the server. */
  verify: (code: string) => Promise<Verified>;
  onVerified: (verified: Verified) => void;
  /** Asks the server for a new code. */
  resend: () => Promise<Sent>;
  /** The words that confirm the new code went out. */
  resentNotice: (sent: Sent) => string;
  onResent?: (sent: Sent) => void;
  /** What the page makes of a failure; undefined: describeError's words, under the field. */
  verifyFailure?: (failure: unknown) => CodeFailure | undefined;
  resendFailure?: (failure: unknown) => CodeFailure | undefined;
  labels?: Partial<CodeStepLabels>;
  /** Between the submit button and "Resend code": where the next code should go, say. */
  beforeResend?: ReactNode;
  /** After "Resend code": hints, and the way back. */
  children?: ReactNode;
}

/** Too many wrong tries: the server blocks the code, and only a new one helps. */
const isBurnt = (failure: unknown) =>
  failure instanceof ApiError && failure.code === 'code_invalid' && failure.details.burnt === true;

/**
 * The step that asks for the 6-digit code from a mail or SMS (signing in on a new browser, a new
 * e-mail or phone, signing up by phone): the field, which sends the code by its sixth digit;
 * "Resend code" once the server allows it; each failure said where it belongs.
 */
export function CodeStep<Verified, Sent extends { resendAfterSeconds: number }>({
  intro,
  resendAfterSeconds,
  verify,
  onVerified,
  resend,
  resentNotice,
  onResent,
  verifyFailure,
  resendFailure,
  labels,
  beforeResend,
  children,
}: CodeStepProps<Verified, Sent>) {
  const { t } = useTranslation();
  const words: CodeStepLabels = {
    code: t('verify.code'),
    submit: t('verify.submit'),
    burntHint: t('verify.burntHint'),
    resend: t('verify.resend'),
    resendIn: (time) => t('verify.resendIn', { time }),
    ...labels,
  };
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [stepError, setStepError] = useState<string | null>(null);
  const [burnt, setBurnt] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const countdown = useCountdown(resendAfterSeconds);
  const codeInput = useRef<HTMLInputElement>(null);

  const check = useMutation({
    mutationFn: verify,
    onSuccess: onVerified,
    onError: (failure) => {
      setCode('');
      const said = verifyFailure?.(failure) ?? { field: describeError(t, failure) };
      if (said === 'handled') return;
      if (isBurnt(failure)) setBurnt(true);
      setNotice(null);
      if ('step' in said) {
        setStepError(said.step);
        return;
      }
      setError(said.field);
      // After React has emptied the field, so the next digits go in from the start.
      requestAnimationFrame(() => codeInput.current?.focus());
    },
  });

  const again = useMutation({
    mutationFn: resend,
    onSuccess: (sent) => {
      onResent?.(sent);
      countdown.restart(sent.resendAfterSeconds);
      setBurnt(false);
      setError(null);
      setStepError(null);
      setCode('');
      setNotice(resentNotice(sent));
      codeInput.current?.focus();
    },
    onError: (failure) => {
      setNotice(null);
      const said = resendFailure?.(failure) ?? { field: describeError(t, failure) };
      if (said === 'handled') return;
      if (failure instanceof ApiError && failure.retryAfterSeconds !== null) {
        countdown.restart(failure.retryAfterSeconds);
      }
      if ('step' in said) setStepError(said.step);
      else setError(said.field);
    },
  });

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (check.isPending) return;
    if (code.length !== CODE_LENGTH) {
      setError(t('verify.errors.incomplete'));
      codeInput.current?.focus();
      return;
    }
    setError(null);
    setNotice(null);
    check.mutate(code);
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {intro}
        <CodeInput
          ref={codeInput}
          label={words.code}
          value={code}
          onChange={(digits) => {
            setCode(digits);
            setError(null);
          }}
          // The sixth digit sends the code, whether typed, pasted or filled in by the phone.
          onComplete={(digits) => {
            if (burnt || check.isPending) return;
            setNotice(null);
            check.mutate(digits);
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
            {words.burntHint}
          </Alert>
        )}
        {stepError !== null && (
          <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
            {stepError}
          </Alert>
        )}
        <Button type="submit" size="md" fullWidth loading={check.isPending} disabled={burnt}>
          {words.submit}
        </Button>
        {beforeResend}
        <CountdownButton
          variant="default"
          size="md"
          fullWidth
          secondsLeft={countdown.secondsLeft}
          label={words.resend}
          waitingLabel={words.resendIn}
          loading={again.isPending}
          onClick={() => {
            setNotice(null);
            again.mutate();
          }}
        />
        {children}
      </Stack>
    </form>
  );
}
