import { passwordShapeProblems, PASSWORD_MAX_LENGTH, type CompleteRecoveryRequest } from '@nimbus/protocol';
import { Alert, Anchor, Button, Stack } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, sendJson } from '../../api';
import { CODE_LENGTH, CodeInput } from '../../account/code-input';
import { NewPasswordInput } from '../../account/new-password-input';
import { weakPasswordText } from '../../account/password-problems';
import { describeError } from '../../errors';

type Field = 'code' | 'password';
type FieldErrors = Partial<Record<Field, string>>;

interface NewPasswordFormProps {
  /** The e-mailed link's token, or the recovery id that goes with the SMS code typed here. */
  proof: { token: string } | { recoveryId: string };
  onChanged: () => void;
}

/** The new password, with the live rules; from a reset link, or with the 6-digit code from an SMS. */
export function NewPasswordForm({ proof, onChanged }: NewPasswordFormProps) {
  const { t } = useTranslation();
  const withCode = 'recoveryId' in proof;
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [linkFailed, setLinkFailed] = useState(false);
  const [triedToSubmit, setTriedToSubmit] = useState(false);
  const codeInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);

  const clearError = (field: Field) => setErrors(({ [field]: _cleared, ...rest }) => rest);

  const complete = useMutation({
    mutationFn: (request: CompleteRecoveryRequest) =>
      sendJson<{ status: 'password_changed' }>('POST', '/api/v1/recovery/complete', request),
    onSuccess: onChanged,
    onError: (error) => {
      const fieldErrors: FieldErrors = {};
      let general: string | null = null;
      if (error instanceof ApiError && error.code === 'weak_password') {
        fieldErrors.password = weakPasswordText(t, error);
      } else if (error instanceof ApiError && (error.code === 'code_invalid' || error.code === 'code_expired')) {
        if (withCode) {
          fieldErrors.code = describeError(t, error);
          setCode('');
        } else {
          general = error.code === 'code_expired' ? t('recover.linkExpired') : t('recover.linkInvalid');
          setLinkFailed(true);
        }
      } else if (error instanceof ApiError && error.code === 'validation_failed') {
        fieldErrors.password = t('password.problems.too_long', { max: PASSWORD_MAX_LENGTH });
      } else {
        general = describeError(t, error);
      }
      setErrors(fieldErrors);
      setFormError(general);
      requestAnimationFrame(() => {
        if (fieldErrors.code !== undefined) codeInput.current?.focus();
        else if (fieldErrors.password !== undefined) passwordInput.current?.focus();
      });
    },
  });

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (complete.isPending) return;
    setTriedToSubmit(true);
    setFormError(null);
    const fieldErrors: FieldErrors = {};
    if (withCode && code.length !== CODE_LENGTH) fieldErrors.code = t('verify.errors.incomplete');
    if (password === '') fieldErrors.password = t('recover.errors.passwordRequired');
    else if (passwordShapeProblems(password).length > 0) fieldErrors.password = t('register.errors.passwordRules');
    setErrors(fieldErrors);
    if (fieldErrors.code !== undefined) return codeInput.current?.focus();
    if (fieldErrors.password !== undefined) return passwordInput.current?.focus();
    complete.mutate(withCode ? { recoveryId: proof.recoveryId, code, password } : { token: proof.token, password });
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {withCode && (
          <CodeInput
            ref={codeInput}
            label={t('recover.code')}
            value={code}
            onChange={(digits) => {
              setCode(digits);
              clearError('code');
            }}
            error={errors.code ?? null}
            // Shown once the SMS is on its way: the code is what the person types next.
            autoFocus
          />
        )}
        <NewPasswordInput
          ref={passwordInput}
          label={t('recover.newPassword')}
          value={password}
          onValueChange={(value) => {
            setPassword(value);
            clearError('password');
          }}
          showUnmet={triedToSubmit}
          error={errors.password}
          autoFocus={!withCode}
          required
        />
        {formError !== null && (
          <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
            <Stack gap={6} align="flex-start">
              {formError}
              {linkFailed && (
                <Anchor component={Link} to="/recover" fw={600}>
                  {t('recover.askAgain')}
                </Anchor>
              )}
            </Stack>
          </Alert>
        )}
        <Button type="submit" size="md" fullWidth loading={complete.isPending}>
          {t('recover.change')}
        </Button>
      </Stack>
    </form>
  );
}
