import type { SignInRequest, SignInResult } from '@nimbus/protocol';
import { Alert, Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, sendJson } from '../../api';
import { CaptchaField, type CaptchaHandle } from '../../account/captcha-field';
import { PasswordField } from '../../account/password-field';
import { describeError } from '../../errors';
import { storeSession } from '../../session';
import type { Verification } from './sign-in-page';

interface SignInFormProps {
  /** Why the user is back at the password step, e.g. the code step ended. */
  notice: string | null;
  onVerificationRequired: (verification: Verification) => void;
}

type Field = 'login' | 'password' | 'captcha';

export function SignInForm({ notice, onVerificationRequired }: SignInFormProps) {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [captchaRequired, setCaptchaRequired] = useState(false);
  const captcha = useRef<CaptchaHandle>(null);
  const loginInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);

  const signIn = useMutation({
    mutationFn: (request: SignInRequest) => sendJson<SignInResult>('POST', '/api/v1/sessions', request),
    onSuccess: (result) => {
      if (result.status === 'signed_in') storeSession({ account: result.account, csrfToken: result.csrfToken });
      else onVerificationRequired(result);
    },
    onError: (error) => {
      captcha.current?.renew();
      setPassword('');
      if (error instanceof ApiError && error.code === 'captcha_failed') {
        setCaptchaRequired(true);
        setErrors({ captcha: t('captcha.failed') });
        return;
      }
      if (error instanceof ApiError && error.code === 'invalid_credentials' && error.details.captchaRequired === true) {
        setCaptchaRequired(true);
      }
      setFormError(describeError(t, error));
      requestAnimationFrame(() => passwordInput.current?.focus());
    },
  });

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (signIn.isPending) return;
    setFormError(null);
    const fieldErrors: Partial<Record<Field, string>> = {};
    if (login.trim() === '') fieldErrors.login = t('signIn.errors.loginRequired');
    if (password === '') fieldErrors.password = t('signIn.errors.passwordRequired');
    setErrors(fieldErrors);
    if (fieldErrors.login !== undefined) return loginInput.current?.focus();
    if (fieldErrors.password !== undefined) return passwordInput.current?.focus();
    const solution = captchaRequired ? await captcha.current?.solve() : undefined;
    if (solution === null) {
      setErrors({ captcha: t('captcha.required') });
      return;
    }
    signIn.mutate({ login: login.trim(), password, captcha: solution ?? undefined });
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="md">
        {notice !== null && (
          <Alert color="nimbus" icon={<IconInfoCircle aria-hidden="true" />} role="status">
            {notice}
          </Alert>
        )}
        {formError !== null && (
          <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} role="alert" data-testid="sign-in-error">
            {formError}
          </Alert>
        )}
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
          required
        />
        <PasswordField
          ref={passwordInput}
          label={t('signIn.password')}
          autoComplete="current-password"
          value={password}
          onChange={(event) => {
            setPassword(event.currentTarget.value);
            setErrors(({ password: _cleared, ...rest }) => rest);
          }}
          error={errors.password}
          required
        />
        <Group justify="flex-end" mt={-8}>
          <Anchor component={Link} to="/recover" size="sm">
            {t('signIn.forgot')}
          </Anchor>
        </Group>
        {captchaRequired && (
          <Stack gap={6}>
            <Text size="sm" c="dimmed">
              {t('signIn.captchaNeeded')}
            </Text>
            <CaptchaField
              ref={captcha}
              error={errors.captcha ?? null}
              onChange={() => setErrors(({ captcha: _cleared, ...rest }) => rest)}
            />
          </Stack>
        )}
        <Button type="submit" size="md" fullWidth loading={signIn.isPending}>
          {t('signIn.submit')}
        </Button>
      </Stack>
    </form>
  );
}
