import { passwordShapeProblems, PASSWORD_MAX_LENGTH, type SessionInfo } from '@nimbus/protocol';
import { Alert, Button, Stack } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconKey } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, sendJson } from '../../api';
import { AuthCard } from '../../account/auth-card';
import { AuthIcon } from '../../account/auth-icon';
import { NewPasswordInput } from '../../account/new-password-input';
import { weakPasswordText } from '../../account/password-problems';
import { formatInternational } from '../../account/phone-numbers';
import { describeError } from '../../errors';
import { storeSession } from '../../session';

interface PhonePasswordStepProps {
  registrationId: string;
  phone: string;
  /** From the right code; null when the page was reloaded since (it is kept in memory only). */
  setupToken: string | null;
  onStartOver: () => void;
}

/** The last step of a phone sign-up: the password; then the account is active and signed in. */
export function PhonePasswordStep({ registrationId, phone, setupToken, onStartOver }: PhonePasswordStepProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [ended, setEnded] = useState<string | null>(setupToken === null ? t('phonePassword.ended') : null);
  const [formError, setFormError] = useState<string | null>(null);
  const [triedToSubmit, setTriedToSubmit] = useState(false);
  const passwordInput = useRef<HTMLInputElement>(null);

  const complete = useMutation({
    mutationFn: (request: { registrationId: string; setupToken: string; password: string }) =>
      sendJson<SessionInfo>('POST', '/api/v1/accounts/phone/complete', request),
    onSuccess: (info) => {
      storeSession(info);
      void navigate('/account', { replace: true });
    },
    onError: (failure) => {
      if (failure instanceof ApiError && failure.code === 'weak_password') {
        setError(weakPasswordText(t, failure));
      } else if (failure instanceof ApiError && failure.code === 'validation_failed') {
        setError(t('password.problems.too_long', { max: PASSWORD_MAX_LENGTH }));
      } else if (failure instanceof ApiError && (failure.code === 'code_invalid' || failure.code === 'code_expired')) {
        setEnded(failure.code === 'code_expired' ? t('phonePassword.expired') : t('phonePassword.ended'));
        return;
      } else {
        setFormError(describeError(t, failure));
        return;
      }
      requestAnimationFrame(() => passwordInput.current?.focus());
    },
  });

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (complete.isPending || setupToken === null) return;
    setTriedToSubmit(true);
    setFormError(null);
    const problem =
      password === ''
        ? t('register.errors.passwordRequired')
        : passwordShapeProblems(password).length > 0
          ? t('register.errors.passwordRules')
          : null;
    setError(problem);
    if (problem !== null) {
      passwordInput.current?.focus();
      return;
    }
    complete.mutate({ registrationId, setupToken, password });
  }

  return (
    <AuthCard icon={<AuthIcon icon={IconKey} />} title={t('phonePassword.title')}>
      {ended !== null ? (
        <Stack gap="md">
          <Alert color="orange" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
            {ended}
          </Alert>
          <Button size="md" fullWidth onClick={onStartOver}>
            {t('phoneCode.startOver')}
          </Button>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          {/* For password managers: the login the new password belongs to. */}
          <input type="text" name="username" autoComplete="username" value={phone} readOnly hidden />
          <Stack gap="md">
            <Alert color="teal" icon={<IconCircleCheck aria-hidden="true" />} role="status">
              <Trans
                i18nKey="phonePassword.verified"
                values={{ phone: formatInternational(phone) }}
                components={{ number: <span dir="ltr" style={{ whiteSpace: 'nowrap', fontWeight: 700 }} /> }}
              />
            </Alert>
            <NewPasswordInput
              ref={passwordInput}
              label={t('register.password')}
              value={password}
              onValueChange={(value) => {
                setPassword(value);
                setError(null);
              }}
              showUnmet={triedToSubmit}
              error={error}
              autoFocus
              required
            />
            {formError !== null && (
              <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
                {formError}
              </Alert>
            )}
            <Button type="submit" size="md" fullWidth loading={complete.isPending}>
              {t('register.submit')}
            </Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
