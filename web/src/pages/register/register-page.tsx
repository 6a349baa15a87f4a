import {
  passwordShapeProblems,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PASSWORD_PROBLEMS,
  type ActivationSent,
  type PasswordProblem,
  type RegisterByEmailRequest,
} from '@nimbus/protocol';
import { Alert, Anchor, Button, Checkbox, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconSearch } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router';
import { ApiError, sendJson } from '../../api';
import { AuthCard } from '../../account/auth-card';
import { EMPTY_DATE, toIsoDate, type DateParts } from '../../account/birth-date';
import { BirthDateField } from '../../account/birth-date-field';
import { CaptchaField, type CaptchaHandle } from '../../account/captcha-field';
import { NewPasswordInput } from '../../account/new-password-input';
import { guessRegion, isRegionCode, useRegionOptions } from '../../account/regions';
import { describeError } from '../../errors';
import { currentLocale, LANGUAGE_NAMES } from '../../i18n';
import { usePageTitle } from '../../layout/page-title';
import { useSession } from '../../session';

type Field = 'email' | 'region' | 'birthDate' | 'password' | 'captcha';
type FieldErrors = Partial<Record<Field, string>>;

/** Enough to catch a typo; the server has the last word on what an address is. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isPasswordProblem(value: unknown): value is PasswordProblem {
  return PASSWORD_PROBLEMS.some((problem) => problem === value);
}

export interface CheckEmailState {
  email: string;
  resendAfterSeconds: number;
}

/** Creating an account with an e-mail address: the account waits for the link in the mail. */
export function RegisterPage() {
  const { t } = useTranslation();
  usePageTitle(t('register.title'));
  const session = useSession();
  const navigate = useNavigate();
  const regions = useRegionOptions();
  const [email, setEmail] = useState('');
  const [region, setRegion] = useState<string | null>(() => guessRegion());
  const [birthDate, setBirthDate] = useState<DateParts>(EMPTY_DATE);
  const [password, setPassword] = useState('');
  const [marketing, setMarketing] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [triedToSubmit, setTriedToSubmit] = useState(false);
  const captcha = useRef<CaptchaHandle>(null);
  const form = useRef<HTMLFormElement>(null);

  const clearError = (field: Field) => setErrors(({ [field]: _cleared, ...rest }) => rest);

  const register = useMutation({
    mutationFn: (request: RegisterByEmailRequest) =>
      sendJson<ActivationSent>('POST', '/api/v1/accounts/email', request),
    onSuccess: (sent) => {
      const state: CheckEmailState = { email: sent.email, resendAfterSeconds: sent.resendAfterSeconds };
      void navigate('/register/check-email', { state });
    },
    onError: (error) => {
      // The server spends the captcha's answer before it looks at anything else.
      captcha.current?.renew();
      showServerErrors(error);
    },
  });

  function problemText(problems: PasswordProblem[]): string {
    const limits = { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH };
    return problems.map((problem) => t(`password.problems.${problem}`, limits)).join(' ');
  }

  function showServerErrors(error: Error) {
    const fieldErrors: FieldErrors = {};
    let general: string | null = null;
    if (error instanceof ApiError && error.code === 'weak_password') {
      const problems = Array.isArray(error.details.problems) ? error.details.problems.filter(isPasswordProblem) : [];
      fieldErrors.password = problems.length > 0 ? problemText(problems) : t('errors.weakPassword');
    } else if (error instanceof ApiError && error.code === 'captcha_failed') {
      fieldErrors.captcha = t('captcha.failed');
    } else if (error instanceof ApiError && error.code === 'bad_request' && error.details.field === 'region') {
      fieldErrors.region = t('register.errors.regionUnknown');
    } else if (error instanceof ApiError && error.code === 'validation_failed') {
      const issues = Array.isArray(error.details.issues) ? (error.details.issues as { path?: unknown }[]) : [];
      for (const issue of issues) {
        if (issue.path === 'body.email') fieldErrors.email = t('register.errors.emailInvalid');
        else if (issue.path === 'body.region') fieldErrors.region = t('register.errors.regionRequired');
        else if (issue.path === 'body.birthDate') fieldErrors.birthDate = t('register.errors.birthDate.notReal');
        else if (issue.path === 'body.password')
          fieldErrors.password = t('password.problems.too_long', { max: PASSWORD_MAX_LENGTH });
        else general = describeError(t, error);
      }
      if (issues.length === 0) general = describeError(t, error);
    } else {
      general = describeError(t, error);
    }
    setErrors(fieldErrors);
    setFormError(general);
    focusFirstError(fieldErrors);
  }

  function focusFirstError(fieldErrors: FieldErrors) {
    const order: Field[] = ['email', 'region', 'birthDate', 'password', 'captcha'];
    const first = order.find((field) => fieldErrors[field] !== undefined);
    if (first === undefined) return;
    // After React has drawn the errors, so a screen reader reads the field with its message.
    requestAnimationFrame(() => {
      const field = `[data-field="${first}"]`;
      form.current?.querySelector<HTMLElement>(`${field}:is(input, select), ${field} :is(input, select)`)?.focus();
    });
  }

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (register.isPending) return;
    setTriedToSubmit(true);
    setFormError(null);
    const fieldErrors: FieldErrors = {};
    const trimmedEmail = email.trim();
    if (trimmedEmail === '') fieldErrors.email = t('register.errors.emailRequired');
    else if (!EMAIL_SHAPE.test(trimmedEmail)) fieldErrors.email = t('register.errors.emailInvalid');
    if (region === null || !isRegionCode(region)) fieldErrors.region = t('register.errors.regionRequired');
    const date = toIsoDate(birthDate);
    if ('problem' in date) fieldErrors.birthDate = t(`register.errors.birthDate.${date.problem}`);
    const problems = passwordShapeProblems(password);
    if (password === '') fieldErrors.password = t('register.errors.passwordRequired');
    else if (problems.length > 0) fieldErrors.password = t('register.errors.passwordRules');
    setErrors(fieldErrors);
    if (Object.keys(fieldErrors).length > 0 || !('date' in date) || region === null) {
      focusFirstError(fieldErrors);
      return;
    }
    // The captcha last: its answer is good once, so it is asked for only when the rest is right.
    const solution = await captcha.current?.solve();
    if (solution === null) {
      setErrors({ captcha: t('captcha.required') });
      return;
    }
    register.mutate({
      email: trimmedEmail,
      region,
      birthDate: date.date,
      password,
      locale: currentLocale(),
      marketingOptIn: marketing,
      captcha: solution ?? undefined,
    });
  }

  if (session.data) return <Navigate to="/account" replace />;

  return (
    <AuthCard
      title={t('register.title')}
      description={t('register.description')}
      footer={
        <Trans
          i18nKey="register.haveAccount"
          components={{ signIn: <Anchor component={Link} to="/sign-in" fw={600} /> }}
        />
      }
    >
      <form ref={form} onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="md">
          <TextInput
            data-field="email"
            label={t('register.email')}
            type="email"
            inputMode="email"
            autoComplete="email"
            autoCapitalize="none"
            spellCheck={false}
            value={email}
            onChange={(event) => {
              setEmail(event.currentTarget.value);
              clearError('email');
            }}
            error={errors.email}
            required
          />
          <Select
            data-field="region"
            label={t('register.region')}
            data={regions}
            value={region}
            onChange={(value) => {
              setRegion(value);
              clearError('region');
            }}
            searchable
            allowDeselect={false}
            nothingFoundMessage={t('register.regionNotFound')}
            leftSection={<IconSearch size={16} stroke={1.6} aria-hidden="true" />}
            comboboxProps={{ shadow: 'md' }}
            maxDropdownHeight={280}
            error={errors.region}
            autoComplete="off"
            required
          />
          <div data-field="birthDate">
            <BirthDateField
              value={birthDate}
              onChange={(value) => {
                setBirthDate(value);
                clearError('birthDate');
              }}
              error={errors.birthDate ?? null}
            />
          </div>
          <NewPasswordInput
            data-field="password"
            label={t('register.password')}
            value={password}
            onValueChange={(value) => {
              setPassword(value);
              clearError('password');
            }}
            showUnmet={triedToSubmit}
            error={errors.password}
            required
          />
          <CaptchaField ref={captcha} error={errors.captcha ?? null} onChange={() => clearError('captcha')} />
          <Checkbox
            label={t('register.marketing')}
            checked={marketing}
            onChange={(event) => setMarketing(event.currentTarget.checked)}
          />
          <Text size="xs" c="dimmed">
            {t('register.languageNote', { language: LANGUAGE_NAMES[currentLocale()] })}
          </Text>
          {formError !== null && (
            <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
              {formError}
            </Alert>
          )}
          <Button type="submit" size="md" fullWidth loading={register.isPending}>
            {t('register.submit')}
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
