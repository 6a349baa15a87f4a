import {
  passwordShapeProblems,
  type ActivationSent,
  type PhoneCodeSent,
  type RegisterByEmailRequest,
  type RegisterByPhoneRequest,
} from '@nimbus/protocol';
import { Alert, Button, Checkbox, Group, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconDeviceMobile, IconMail, IconSearch } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { sendJson } from '../../api';
import { toIsoDate, type DateParts } from '../../account/birth-date';
import { BirthDateField } from '../../account/birth-date-field';
import { CaptchaField, type CaptchaHandle } from '../../account/captcha-field';
import { looksLikeEmail } from '../../account/email-address';
import { EmailInput } from '../../account/email-input';
import { NewPasswordInput } from '../../account/new-password-input';
import { PhoneNumberField, type PhoneValue } from '../../account/phone-number-field';
import { readPhone } from '../../account/phone-numbers';
import { isRegionCode, regionName, useRegionOptions } from '../../account/regions';
import { currentLocale, LANGUAGE_NAMES } from '../../i18n';
import { FIELDS, signUpErrors, type Field, type FieldErrors } from './register-errors';

export type Method = 'email' | 'phone';

/** What the form holds; kept by the page, so going back from the SMS code finds it as it was. */
export interface RegisterDraft {
  email: string;
  phone: PhoneValue;
  /** The calling code was picked by hand: it no longer follows the country or region. */
  callingCodeChosen: boolean;
  region: string | null;
  birthDate: DateParts;
  password: string;
  marketing: boolean;
}

interface RegisterFormProps {
  method: Method;
  onMethodChange: (method: Method) => void;
  draft: RegisterDraft;
  onDraftChange: (changes: Partial<RegisterDraft>) => void;
  onEmailSent: (sent: ActivationSent) => void;
  onCodeSent: (sent: PhoneCodeSent) => void;
}

/**
 * The sign-up form, with an e-mail address (and the password now) or a phone number (the
 * password after the SMS code). Country or region, date of birth and the captcha are shared, so
 * switching keeps them.
 */
export function RegisterForm({
  method,
  onMethodChange,
  draft,
  onDraftChange,
  onEmailSent,
  onCodeSent,
}: RegisterFormProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const regions = useRegionOptions();
  const methodLabelId = useId();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [triedToSubmit, setTriedToSubmit] = useState(false);
  const captcha = useRef<CaptchaHandle>(null);
  const form = useRef<HTMLFormElement>(null);
  const phoneCountryName = regionName(draft.phone.country ?? '', language);

  const clearError = (...fields: Field[]) =>
    setErrors((current) =>
      Object.fromEntries(Object.entries(current).filter(([field]) => !fields.includes(field as Field))),
    );

  function showServerErrors(error: Error) {
    // The server spends the captcha's answer before it looks at anything else.
    captcha.current?.renew();
    const { fields, general } = signUpErrors(t, error, phoneCountryName);
    setErrors(fields);
    setFormError(general);
    focusFirstError(fields);
  }

  const registerEmail = useMutation({
    mutationFn: (request: RegisterByEmailRequest) =>
      sendJson<ActivationSent>('POST', '/api/v1/accounts/email', request),
    onSuccess: onEmailSent,
    onError: showServerErrors,
  });

  const registerPhone = useMutation({
    mutationFn: (request: RegisterByPhoneRequest) => sendJson<PhoneCodeSent>('POST', '/api/v1/accounts/phone', request),
    onSuccess: onCodeSent,
    onError: showServerErrors,
  });
  const pending = registerEmail.isPending || registerPhone.isPending;

  function focusFirstError(fieldErrors: FieldErrors) {
    const first = FIELDS.find((field) => fieldErrors[field] !== undefined);
    if (first === undefined) return;
    // After React has drawn the errors, so a screen reader reads the field with its message.
    requestAnimationFrame(() => {
      const field = `[data-field="${first}"]`;
      form.current?.querySelector<HTMLElement>(`${field}:is(input, select), ${field} :is(input, select)`)?.focus();
    });
  }

  function changeRegion(region: string | null) {
    // The calling code starts as the country or region, and follows it until a number is typed.
    const follows = !draft.callingCodeChosen && draft.phone.number.trim() === '';
    onDraftChange(follows ? { region, phone: { ...draft.phone, country: region } } : { region });
    clearError('region', ...(follows ? (['callingCode'] as const) : []));
  }

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setTriedToSubmit(true);
    setFormError(null);
    const fieldErrors: FieldErrors = {};
    const email = draft.email.trim();
    const { country, number } = draft.phone;
    const phone = method === 'phone' && country !== null ? readPhone(number, country) : null;
    if (method === 'email') {
      if (email === '') fieldErrors.email = t('register.errors.emailRequired');
      else if (!looksLikeEmail(email)) fieldErrors.email = t('register.errors.emailInvalid');
    } else if (country === null) {
      fieldErrors.callingCode = t('phoneRegister.errors.callingCodeRequired');
    } else if (number.trim() === '') {
      fieldErrors.phone = t('phoneRegister.errors.numberRequired');
    } else if (phone === null) {
      fieldErrors.phone = t('phoneRegister.errors.numberInvalid', { country: phoneCountryName });
    }
    const { region } = draft;
    if (region === null || !isRegionCode(region)) fieldErrors.region = t('register.errors.regionRequired');
    const date = toIsoDate(draft.birthDate);
    if ('problem' in date) fieldErrors.birthDate = t(`register.errors.birthDate.${date.problem}`);
    if (method === 'email') {
      if (draft.password === '') fieldErrors.password = t('register.errors.passwordRequired');
      else if (passwordShapeProblems(draft.password).length > 0)
        fieldErrors.password = t('register.errors.passwordRules');
    }
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
    const shared = {
      region,
      birthDate: date.date,
      locale: currentLocale(),
      marketingOptIn: draft.marketing,
      captcha: solution ?? undefined,
    };
    if (method === 'email') registerEmail.mutate({ ...shared, email, password: draft.password });
    else if (phone !== null && country !== null)
      registerPhone.mutate({ ...shared, phone: phone.e164, phoneRegion: country });
  }

  const methodLabel = (icon: typeof IconMail, text: string) => {
    const MethodIcon = icon;
    return (
      <Group gap={6} wrap="nowrap" justify="center">
        <MethodIcon size={16} stroke={1.6} aria-hidden="true" style={{ flexShrink: 0 }} />
        <span>{text}</span>
      </Group>
    );
  };

  return (
    <form ref={form} onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="md">
        <Stack gap={4}>
          <Text id={methodLabelId} size="sm" fw={500}>
            {t('phoneRegister.method')}
          </Text>
          <SegmentedControl
            aria-labelledby={methodLabelId}
            fullWidth
            value={method}
            onChange={(value) => {
              setErrors({});
              setFormError(null);
              onMethodChange(value === 'phone' ? 'phone' : 'email');
            }}
            data={[
              { value: 'email', label: methodLabel(IconMail, t('phoneRegister.methods.email')) },
              { value: 'phone', label: methodLabel(IconDeviceMobile, t('phoneRegister.methods.phone')) },
            ]}
          />
        </Stack>
        {method === 'email' ? (
          <EmailInput
            data-field="email"
            label={t('register.email')}
            value={draft.email}
            onChange={(event) => {
              onDraftChange({ email: event.currentTarget.value });
              clearError('email');
            }}
            error={errors.email}
            required
          />
        ) : (
          <PhoneNumberField
            value={draft.phone}
            onChange={(phone, chosen) => {
              onDraftChange({ phone, callingCodeChosen: draft.callingCodeChosen || chosen });
              clearError('phone', ...(chosen ? (['callingCode'] as const) : []));
            }}
            callingCodeError={errors.callingCode}
            numberError={errors.phone}
          />
        )}
        <Select
          data-field="region"
          label={t('register.region')}
          data={regions}
          value={draft.region}
          onChange={changeRegion}
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
            value={draft.birthDate}
            onChange={(birthDate) => {
              onDraftChange({ birthDate });
              clearError('birthDate');
            }}
            error={errors.birthDate ?? null}
          />
        </div>
        {method === 'email' && (
          <NewPasswordInput
            data-field="password"
            label={t('register.password')}
            value={draft.password}
            onValueChange={(password) => {
              onDraftChange({ password });
              clearError('password');
            }}
            showUnmet={triedToSubmit}
            error={errors.password}
            required
          />
        )}
        <CaptchaField ref={captcha} error={errors.captcha ?? null} onChange={() => clearError('captcha')} />
        <Checkbox
          label={method === 'email' ? t('register.marketing') : t('phoneRegister.marketing')}
          checked={draft.marketing}
          onChange={(event) => onDraftChange({ marketing: event.currentTarget.checked })}
        />
        <Text size="xs" c="dimmed">
          {t('register.languageNote', { language: LANGUAGE_NAMES[currentLocale()] })}
        </Text>
        {formError !== null && (
          <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
            {formError}
          </Alert>
        )}
        <Button type="submit" size="md" fullWidth loading={pending}>
          {method === 'email' ? t('register.submit') : t('phoneRegister.submit')}
        </Button>
      </Stack>
    </form>
  );
}
