import { passwordShapeProblems, PASSWORD_MAX_LENGTH, type ChangePasswordRequest } from '@nimbus/protocol';
import { Alert, Anchor, Button, Group, Stack } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, sendJson } from '../../api';
import { NewPasswordInput } from '../../account/new-password-input';
import { PasswordField } from '../../account/password-field';
import { weakPasswordText } from '../../account/password-problems';
import { describeError } from '../../errors';
import { ACCOUNT_QUERY_KEY } from '../../query-client';

type Field = 'current' | 'next' | 'confirm';
type FieldErrors = Partial<Record<Field, string>>;
const FIELD_ORDER: Field[] = ['current', 'next', 'confirm'];

/** The current password, the new one with its rules live, and the new one again. */
export function ChangePasswordForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [changed, setChanged] = useState(false);
  const [triedToSubmit, setTriedToSubmit] = useState(false);
  const currentInput = useRef<HTMLInputElement>(null);
  const nextInput = useRef<HTMLInputElement>(null);
  const confirmInput = useRef<HTMLInputElement>(null);

  const clearError = (field: Field) => {
    setErrors(({ [field]: _cleared, ...rest }) => rest);
    setChanged(false);
  };

  function showErrors(fieldErrors: FieldErrors) {
    setErrors(fieldErrors);
    const first = FIELD_ORDER.find((field) => fieldErrors[field] !== undefined);
    // After React has drawn the errors, so a screen reader reads the field with its message.
    if (first === undefined) return;
    const input = { current: currentInput, next: nextInput, confirm: confirmInput }[first];
    requestAnimationFrame(() => input.current?.focus());
  }

  const change = useMutation({
    mutationFn: (request: ChangePasswordRequest) => sendJson('POST', '/api/v1/account/password', request),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setConfirm('');
      setTriedToSubmit(false);
      setChanged(true);
    },
    onError: (error) => {
      const fieldErrors: FieldErrors = {};
      let general: string | null = null;
      if (error instanceof ApiError && error.code === 'invalid_credentials') {
        fieldErrors.current = t('changePassword.errors.currentWrong');
        setCurrent('');
      } else if (error instanceof ApiError && error.code === 'weak_password') {
        fieldErrors.next = weakPasswordText(t, error);
      } else if (error instanceof ApiError && error.code === 'validation_failed') {
        const issues = Array.isArray(error.details.issues) ? (error.details.issues as { path?: unknown }[]) : [];
        if (issues.some((issue) => issue.path === 'body.newPassword')) {
          fieldErrors.next = t('password.problems.too_long', { max: PASSWORD_MAX_LENGTH });
        }
        if (issues.some((issue) => issue.path === 'body.currentPassword')) {
          fieldErrors.current = t('changePassword.errors.currentWrong');
        }
        if (fieldErrors.next === undefined && fieldErrors.current === undefined) general = describeError(t, error);
      } else {
        general = describeError(t, error);
      }
      setFormError(general);
      showErrors(fieldErrors);
    },
    // The sessions list and the security activity have changed.
    onSettled: () => queryClient.invalidateQueries({ queryKey: ACCOUNT_QUERY_KEY }),
  });

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (change.isPending) return;
    setTriedToSubmit(true);
    setFormError(null);
    setChanged(false);
    const fieldErrors: FieldErrors = {};
    if (current === '') fieldErrors.current = t('changePassword.errors.currentRequired');
    if (next === '') fieldErrors.next = t('changePassword.errors.newRequired');
    else if (passwordShapeProblems(next).length > 0) fieldErrors.next = t('register.errors.passwordRules');
    else if (next === current) fieldErrors.next = t('changePassword.errors.sameAsCurrent');
    if (confirm === '') fieldErrors.confirm = t('changePassword.errors.confirmRequired');
    else if (confirm !== next) fieldErrors.confirm = t('changePassword.errors.mismatch');
    showErrors(fieldErrors);
    if (Object.keys(fieldErrors).length > 0) return;
    change.mutate({ currentPassword: current, newPassword: next });
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {changed && (
          <Alert
            color="teal"
            icon={<IconCircleCheck aria-hidden="true" />}
            role="status"
            title={t('changePassword.done')}
          >
            <Stack gap={6} align="flex-start">
              {t('changePassword.othersSignedOut')}
              <Anchor component={Link} to="/account/sessions" fw={600}>
                {t('changePassword.toSessions')}
              </Anchor>
            </Stack>
          </Alert>
        )}
        <PasswordField
          ref={currentInput}
          label={t('changePassword.current')}
          autoComplete="current-password"
          value={current}
          onChange={(event) => {
            setCurrent(event.currentTarget.value);
            clearError('current');
          }}
          error={errors.current}
          required
        />
        <Group justify="flex-end" mt={-8}>
          <Anchor component={Link} to="/recover" size="sm">
            {t('changePassword.forgot')}
          </Anchor>
        </Group>
        <NewPasswordInput
          ref={nextInput}
          label={t('changePassword.new')}
          value={next}
          onValueChange={(value) => {
            setNext(value);
            clearError('next');
          }}
          showUnmet={triedToSubmit}
          error={errors.next}
          required
        />
        <PasswordField
          ref={confirmInput}
          label={t('changePassword.confirm')}
          autoComplete="new-password"
          value={confirm}
          onChange={(event) => {
            setConfirm(event.currentTarget.value);
            clearError('confirm');
          }}
          error={errors.confirm}
          required
        />
        {formError !== null && (
          <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
            {formError}
          </Alert>
        )}
        <Group>
          <Button type="submit" size="md" loading={change.isPending} miw={{ base: '100%', xs: 200 }}>
            {t('changePassword.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
