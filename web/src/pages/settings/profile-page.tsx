import type { Account, UpdateProfileRequest } from '@nimbus/protocol';
import { Alert, Button, Card, Group, NativeSelect, Select, Stack, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconInfoCircle, IconSearch } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, sendJson } from '../../api';
import { BirthDateField } from '../../account/birth-date-field';
import { useRegionOptions } from '../../account/regions';
import { useSignedIn } from '../../account/require-session';
import { describeError } from '../../errors';
import { isLocale, LANGUAGE_NAMES } from '../../i18n';
import { usePageTitle } from '../../layout/page-title';
import { storeSession } from '../../session';
import {
  DISPLAY_NAME_MAX_LENGTH,
  formFromAccount,
  profileChanges,
  type ProfileField,
  type ProfileForm,
  type ProfileProblem,
} from './profile-form';
import { SettingsPageHeader } from './settings-page-header';

type FieldErrors = Partial<Record<ProfileField, string>>;
/** Kept as a kind, not as text, so a notice follows the portal into the language just saved. */
type Notice = { kind: 'saved' | 'unchanged' } | { kind: 'error'; text: string };

const LANGUAGE_OPTIONS = Object.entries(LANGUAGE_NAMES).map(([value, label]) => ({ value, label }));
const FIELD_ORDER: ProfileField[] = ['displayName', 'region', 'birthDate'];

/** The owner's name, country or region, language and date of birth. */
export function ProfilePage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('profile.title'));
  const session = useSignedIn();
  const { account } = session;
  const regions = useRegionOptions();
  const [form, setForm] = useState<ProfileForm>(() => formFromAccount(account));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<Notice | null>(null);
  const formElement = useRef<HTMLFormElement>(null);

  const change = (changed: Partial<ProfileForm>) => {
    setForm((current) => ({ ...current, ...changed }));
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => !(field in changed))));
    setNotice(null);
  };

  const save = useMutation({
    mutationFn: (changes: UpdateProfileRequest) => sendJson<{ account: Account }>('PATCH', '/api/v1/account', changes),
    onSuccess: async ({ account: saved }) => {
      storeSession({ ...session, account: saved });
      setForm(formFromAccount(saved));
      // The portal speaks the language the owner just chose; the detector remembers it for next time.
      if (saved.locale !== i18n.resolvedLanguage) await i18n.changeLanguage(saved.locale);
      setNotice({ kind: 'saved' });
    },
    onError: (error) => showServerErrors(error),
  });

  function problemText({ field, problem }: ProfileProblem): string {
    if (field === 'displayName') {
      return problem === 'tooLong'
        ? t('profile.errors.displayNameTooLong', { max: DISPLAY_NAME_MAX_LENGTH })
        : t('profile.errors.displayNameControl');
    }
    if (field === 'region') return t('register.errors.regionRequired');
    return t(`register.errors.birthDate.${problem}`);
  }

  function showServerErrors(error: Error) {
    const fieldErrors: FieldErrors = {};
    let general: string | null = null;
    if (error instanceof ApiError && error.code === 'bad_request' && error.details.field === 'region') {
      fieldErrors.region = t('register.errors.regionUnknown');
    } else if (error instanceof ApiError && error.code === 'validation_failed') {
      const issues = Array.isArray(error.details.issues) ? (error.details.issues as { path?: unknown }[]) : [];
      for (const issue of issues) {
        if (issue.path === 'body.displayName') fieldErrors.displayName = t('profile.errors.displayNameInvalid');
        else if (issue.path === 'body.region') fieldErrors.region = t('register.errors.regionUnknown');
        else if (issue.path === 'body.birthDate') fieldErrors.birthDate = t('register.errors.birthDate.notReal');
        else general = describeError(t, error);
      }
      if (issues.length === 0) general = describeError(t, error);
    } else {
      general = describeError(t, error);
    }
    setErrors(fieldErrors);
    setNotice(general === null ? null : { kind: 'error', text: general });
    focusFirstError(fieldErrors);
  }

  function focusFirstError(fieldErrors: FieldErrors) {
    const first = FIELD_ORDER.find((field) => fieldErrors[field] !== undefined);
    if (first === undefined) return;
    // After React has drawn the errors, so a screen reader reads the field with its message.
    requestAnimationFrame(() => {
      const field = `[data-field="${first}"]`;
      formElement.current
        ?.querySelector<HTMLElement>(`${field}:is(input, select), ${field} :is(input, select)`)
        ?.focus();
    });
  }

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (save.isPending) return;
    const result = profileChanges(account, form);
    if ('problems' in result) {
      const fieldErrors: FieldErrors = {};
      for (const problem of result.problems) fieldErrors[problem.field] = problemText(problem);
      setErrors(fieldErrors);
      setNotice(null);
      focusFirstError(fieldErrors);
      return;
    }
    setErrors({});
    if (Object.keys(result.changes).length === 0) {
      setNotice({ kind: 'unchanged' });
      return;
    }
    setNotice(null);
    save.mutate(result.changes);
  }

  return (
    <Stack gap="lg" maw={640}>
      <SettingsPageHeader title={t('profile.title')} description={t('profile.description')} />
      <Card component="section" aria-label={t('profile.title')}>
        <form ref={formElement} onSubmit={submit} noValidate>
          <Stack gap="md">
            <TextInput
              data-field="displayName"
              label={t('profile.displayName')}
              description={t('profile.displayNameHint')}
              inputWrapperOrder={['label', 'input', 'error', 'description']}
              autoComplete="name"
              value={form.displayName}
              onChange={(event) => change({ displayName: event.currentTarget.value })}
              error={errors.displayName}
            />
            <Select
              data-field="region"
              label={t('register.region')}
              data={regions}
              value={form.region}
              onChange={(value) => change({ region: value })}
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
            <NativeSelect
              label={t('profile.language')}
              description={t('profile.languageHint')}
              inputWrapperOrder={['label', 'input', 'description']}
              data={LANGUAGE_OPTIONS}
              value={form.locale}
              onChange={(event) => {
                const value = event.currentTarget.value;
                if (isLocale(value)) change({ locale: value });
              }}
              required
            />
            <div data-field="birthDate">
              <BirthDateField
                value={form.birthDate}
                onChange={(birthDate) => change({ birthDate })}
                error={errors.birthDate ?? null}
              />
            </div>
            {notice !== null && <ProfileNotice notice={notice} onClose={() => setNotice(null)} />}
            <Group>
              <Button type="submit" size="md" loading={save.isPending} miw={{ base: '100%', xs: 180 }}>
                {t('profile.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}

function ProfileNotice({ notice, onClose }: { notice: Notice; onClose: () => void }) {
  const { t } = useTranslation();
  const look = {
    saved: { color: 'teal', icon: <IconCircleCheck aria-hidden="true" />, role: 'status' },
    unchanged: { color: 'nimbus', icon: <IconInfoCircle aria-hidden="true" />, role: 'status' },
    error: { color: 'red', icon: <IconAlertTriangle aria-hidden="true" />, role: 'alert' },
  }[notice.kind];
  const text =
    notice.kind === 'error' ? notice.text : notice.kind === 'saved' ? t('profile.saved') : t('profile.unchanged');
  return (
    <Alert
      role={look.role}
      color={look.color}
      icon={look.icon}
      withCloseButton
      closeButtonLabel={t('settingsPage.dismiss')}
      onClose={onClose}
    >
      {text}
    </Alert>
  );
}
