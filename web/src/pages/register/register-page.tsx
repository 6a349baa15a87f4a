import type { PhoneCodeSent } from '@nimbus/protocol';
import { Anchor } from '@mantine/core';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { AuthCard } from '../../account/auth-card';
import { EMPTY_DATE } from '../../account/birth-date';
import { guessRegion } from '../../account/regions';
import { usePageTitle } from '../../layout/page-title';
import { useSession } from '../../session';
import { PhoneCodeStep } from './phone-code-step';
import { PhonePasswordStep } from './phone-password-step';
import { RegisterForm, type Method, type RegisterDraft } from './register-form';

export interface CheckEmailState {
  email: string;
  resendAfterSeconds: number;
}

/**
 * A phone sign-up under way, kept in the history entry: a reload keeps the code step, and Back
 * from it returns to the form. The password step's token stays in memory only.
 */
interface PhoneSignUp {
  registrationId: string;
  phone: string;
  resendAfterSeconds: number;
  /** The code was right: the password comes next. */
  verified: boolean;
}

function phoneSignUpOf(state: unknown): PhoneSignUp | null {
  if (typeof state !== 'object' || state === null || !('phoneSignUp' in state)) return null;
  const value = state.phoneSignUp as Partial<PhoneSignUp> | null;
  if (
    typeof value?.registrationId !== 'string' ||
    typeof value.phone !== 'string' ||
    typeof value.resendAfterSeconds !== 'number'
  ) {
    return null;
  }
  return { ...(value as PhoneSignUp), verified: value.verified === true };
}

function newDraft(): RegisterDraft {
  const region = guessRegion();
  return {
    email: '',
    phone: { country: region, number: '' },
    callingCodeChosen: false,
    region,
    birthDate: EMPTY_DATE,
    password: '',
    marketing: false,
  };
}

/**
 * Creating an account: with an e-mail address (the account waits for the link in the mail) or
 * with a phone number (an SMS code, then the password). /register?with=phone opens the phone way.
 */
export function RegisterPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const method: Method = params.get('with') === 'phone' ? 'phone' : 'email';
  const [draft, setDraft] = useState(newDraft);
  const [setup, setSetup] = useState<{ registrationId: string; token: string } | null>(null);
  const signUp = phoneSignUpOf(location.state);
  usePageTitle(
    signUp === null ? t('register.title') : signUp.verified ? t('phonePassword.title') : t('phoneCode.title'),
  );

  if (session.data) return <Navigate to="/account" replace />;

  const startOver = () => void navigate('/register?with=phone', { replace: true });

  if (signUp?.verified === true) {
    return (
      <PhonePasswordStep
        registrationId={signUp.registrationId}
        phone={signUp.phone}
        setupToken={setup?.registrationId === signUp.registrationId ? setup.token : null}
        onStartOver={startOver}
      />
    );
  }
  if (signUp !== null) {
    return (
      <PhoneCodeStep
        key={signUp.registrationId}
        registrationId={signUp.registrationId}
        phone={signUp.phone}
        resendAfterSeconds={signUp.resendAfterSeconds}
        onVerified={(token) => {
          setSetup({ registrationId: signUp.registrationId, token });
          // Replaces the code step: its code is used up, so Back skips it.
          const state: { phoneSignUp: PhoneSignUp } = { phoneSignUp: { ...signUp, verified: true } };
          void navigate('/register?with=phone', { replace: true, state });
        }}
        onStartOver={startOver}
      />
    );
  }

  const codeSent = (sent: PhoneCodeSent) => {
    const phoneSignUp: PhoneSignUp = {
      registrationId: sent.registrationId,
      phone: sent.phone,
      resendAfterSeconds: sent.resendAfterSeconds,
      verified: false,
    };
    void navigate('/register?with=phone', { state: { phoneSignUp } });
  };

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
      <RegisterForm
        method={method}
        onMethodChange={(next) => setParams(next === 'phone' ? { with: 'phone' } : {}, { replace: true })}
        draft={draft}
        onDraftChange={(changes) => setDraft((current) => ({ ...current, ...changes }))}
        onEmailSent={(sent) => {
          const state: CheckEmailState = { email: sent.email, resendAfterSeconds: sent.resendAfterSeconds };
          void navigate('/register/check-email', { state });
        }}
        onCodeSent={codeSent}
      />
    </AuthCard>
  );
}
