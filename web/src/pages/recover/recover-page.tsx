import type { RecoveryRequest, RecoveryStarted } from '@nimbus/protocol';
import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconKey, IconMailForward } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError, sendJson } from '../../api';
import { AuthCard } from '../../account/auth-card';
import { AuthIcon } from '../../account/auth-icon';
import { CaptchaField, type CaptchaHandle } from '../../account/captcha-field';
import { formatCountdown, useCountdown } from '../../countdown';
import { describeError } from '../../errors';
import { currentLocale } from '../../i18n';
import { usePageTitle } from '../../layout/page-title';
import { NewPasswordForm } from './new-password-form';

type Field = 'login' | 'captcha';

/** A login without "@": a phone number or an account number, whose code may come by SMS. */
const mayGetCode = (login: string) => !login.includes('@');

/**
 * "Forgot password": /recover asks for the login and says the same whatever it was; a phone's SMS
 * code is typed in on the same page. /recover?token=… is the e-mailed link: a new password.
 */
export function RecoverPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token');
  const [changed, setChanged] = useState(false);
  usePageTitle(changed ? t('recover.doneTitle') : token !== null ? t('recover.linkTitle') : t('recover.title'));

  if (changed) {
    return (
      <AuthCard
        icon={<AuthIcon icon={IconCircleCheck} color="teal.8" />}
        title={t('recover.doneTitle')}
        description={t('recover.doneText')}
      >
        <Button component={Link} to="/sign-in" size="md" fullWidth>
          {t('recover.toSignIn')}
        </Button>
      </AuthCard>
    );
  }

  if (token !== null) {
    return (
      <AuthCard icon={<AuthIcon icon={IconKey} />} title={t('recover.linkTitle')} description={t('recover.linkText')}>
        <NewPasswordForm proof={{ token }} onChanged={() => setChanged(true)} />
      </AuthCard>
    );
  }

  return (
    <AuthCard
      icon={<AuthIcon icon={IconMailForward} />}
      title={t('recover.title')}
      description={t('recover.description')}
      footer={
        <Trans
          i18nKey="recover.remembered"
          components={{ signIn: <Anchor component={Link} to="/sign-in" fw={600} /> }}
        />
      }
    >
      <RecoveryRequestForm onChanged={() => setChanged(true)} />
    </AuthCard>
  );
}

function RecoveryRequestForm({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [started, setStarted] = useState<{ recoveryId: string; withCode: boolean } | null>(null);
  const countdown = useCountdown(0);
  const captcha = useRef<CaptchaHandle>(null);
  const loginInput = useRef<HTMLInputElement>(null);

  const start = useMutation({
    mutationFn: (request: RecoveryRequest) => sendJson<RecoveryStarted>('POST', '/api/v1/recovery', request),
    onSuccess: (result, request) => {
      captcha.current?.renew();
      countdown.restart(result.resendAfterSeconds);
      setStarted({ recoveryId: result.recoveryId, withCode: mayGetCode(request.login) });
    },
    onError: (error) => {
      captcha.current?.renew();
      if (error instanceof ApiError && error.code === 'captcha_failed') {
        setErrors({ captcha: t('captcha.failed') });
        return;
      }
      if (error instanceof ApiError && error.details.field === 'login') {
        setErrors({ login: t('recover.errors.loginInvalid') });
        requestAnimationFrame(() => loginInput.current?.focus());
        return;
      }
      if (error instanceof ApiError && error.retryAfterSeconds !== null) countdown.restart(error.retryAfterSeconds);
      setFormError(describeError(t, error));
    },
  });

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (start.isPending) return;
    setFormError(null);
    if (login.trim() === '') {
      setErrors({ login: t('signIn.errors.loginRequired') });
      loginInput.current?.focus();
      return;
    }
    const solution = await captcha.current?.solve();
    if (solution === null) {
      setErrors({ captcha: t('captcha.required') });
      return;
    }
    setErrors({});
    start.mutate({ login: login.trim(), captcha: solution ?? undefined, locale: currentLocale() });
  }

  const waiting = countdown.secondsLeft > 0;
  return (
    <Stack gap="lg">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="md">
          <TextInput
            ref={loginInput}
            label={t('signIn.login')}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={login}
            onChange={(event) => {
              setLogin(event.currentTarget.value);
              setErrors(({ login: _cleared, ...rest }) => rest);
            }}
            error={errors.login}
            autoFocus
            required
          />
          <CaptchaField
            ref={captcha}
            error={errors.captcha ?? null}
            onChange={() => setErrors(({ captcha: _cleared, ...rest }) => rest)}
          />
          {formError !== null && (
            <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
              {formError}
            </Alert>
          )}
          {started !== null && (
            <Alert color="teal" icon={<IconCircleCheck aria-hidden="true" />} role="status" data-testid="recovery-sent">
              {t('recover.sent')}
            </Alert>
          )}
          <Button
            type="submit"
            size="md"
            fullWidth
            className="countdown-button"
            variant={started === null ? 'filled' : 'default'}
            loading={start.isPending}
            disabled={waiting}
          >
            {started === null
              ? t('recover.submit')
              : waiting
                ? t('recover.resendIn', { time: formatCountdown(countdown.secondsLeft) })
                : t('recover.resend')}
          </Button>
        </Stack>
      </form>
      {started?.withCode === true && (
        <Stack gap="sm">
          <Text size="sm">{t('recover.codeHint')}</Text>
          <NewPasswordForm key={started.recoveryId} proof={{ recoveryId: started.recoveryId }} onChanged={onChanged} />
        </Stack>
      )}
    </Stack>
  );
}
