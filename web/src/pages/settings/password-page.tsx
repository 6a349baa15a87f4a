import { Card, Stack } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { PageLoader } from '../../account/require-session';
import { usePageTitle } from '../../layout/page-title';
import { SettingsPageHeader } from './settings-page-header';

// Lazy: the live password rules come from the protocol and bring zod along, which the rest of
// the portal does not need up front.
const ChangePasswordForm = lazy(() =>
  import('./change-password-form').then(({ ChangePasswordForm }) => ({ default: ChangePasswordForm })),
);

/** Changing the password with the current one; every other browser and device is signed out. */
export function PasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t('changePassword.title'));
  return (
    <Stack gap="lg" maw={560}>
      <SettingsPageHeader title={t('changePassword.title')} description={t('changePassword.description')} />
      <Card component="section" aria-label={t('changePassword.title')}>
        <Suspense fallback={<PageLoader />}>
          <ChangePasswordForm />
        </Suspense>
      </Card>
    </Stack>
  );
}
