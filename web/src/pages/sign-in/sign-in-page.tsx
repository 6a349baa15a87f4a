import type { SignInResult } from '@nimbus/protocol';
import { Anchor } from '@mantine/core';
import { IconShieldLock } from '@tabler/icons-react';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { AuthCard } from '../../account/auth-card';
import { AuthIcon } from '../../account/auth-icon';
import { usePageTitle } from '../../layout/page-title';
import { safeReturnPath, useSession } from '../../session';
import { SignInForm } from './sign-in-form';
import { VerifyCodeForm } from './verify-code-form';

export type Verification = Extract<SignInResult, { status: 'verification_required' }>;

/**
 * Signing in: the password first; on a browser the account has not used before, then the
 * 6-digit code sent to its e-mail or phone. Afterwards, back to the page that asked for it.
 */
export function SignInPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [params] = useSearchParams();
  const next = safeReturnPath(params.get('next'));
  const [verification, setVerification] = useState<Verification | null>(null);
  const [restartReason, setRestartReason] = useState<string | null>(null);
  usePageTitle(verification === null ? t('signIn.title') : t('verify.title'));

  // An account waiting to be deleted lands where its notice offers "Cancel deletion".
  if (session.data) return <Navigate to={session.data.account.status === 'deleting' ? '/account' : next} replace />;

  if (verification !== null) {
    return (
      <AuthCard icon={<AuthIcon icon={IconShieldLock} />} title={t('verify.title')}>
        <VerifyCodeForm
          verification={verification}
          onRestart={(reason) => {
            setRestartReason(reason);
            setVerification(null);
          }}
        />
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title={t('signIn.title')}
      description={t('signIn.description')}
      footer={
        <Trans
          i18nKey="signIn.noAccount"
          components={{ register: <Anchor component={Link} to="/register" fw={600} /> }}
        />
      }
    >
      <SignInForm
        notice={restartReason}
        onVerificationRequired={(result) => {
          setRestartReason(null);
          setVerification(result);
        }}
      />
    </AuthCard>
  );
}
