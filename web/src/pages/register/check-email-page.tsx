import type { ActivationSent } from '@nimbus/protocol';
import { Alert, Anchor, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconMailForward } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { ApiError, sendJson } from '../../api';
import { AuthCard } from '../../account/auth-card';
import { AuthIcon } from '../../account/auth-icon';
import { CountdownButton } from '../../account/countdown-button';
import { useCountdown } from '../../countdown';
import { describeError } from '../../errors';
import { currentLocale } from '../../i18n';
import { usePageTitle } from '../../layout/page-title';
import type { CheckEmailState } from './register-page';

function isCheckEmailState(state: unknown): state is CheckEmailState {
  return (
    typeof state === 'object' &&
    state !== null &&
    'email' in state &&
    typeof state.email === 'string' &&
    'resendAfterSeconds' in state &&
    typeof state.resendAfterSeconds === 'number'
  );
}

/** After sign-up: where the activation mail went, and a way to have it sent again. */
export function CheckEmailPage() {
  const location = useLocation();
  const state: unknown = location.state;
  // Opened directly, without a sign-up behind it: there is no address to talk about.
  if (!isCheckEmailState(state)) return <Navigate to="/register" replace />;
  return <CheckEmail email={state.email} resendAfterSeconds={state.resendAfterSeconds} />;
}

function CheckEmail({ email, resendAfterSeconds }: CheckEmailState) {
  const { t } = useTranslation();
  usePageTitle(t('checkEmail.title'));
  const countdown = useCountdown(resendAfterSeconds);
  const [notice, setNotice] = useState<{ kind: 'sent' | 'error'; text: string } | null>(null);

  const resend = useMutation({
    mutationFn: () =>
      sendJson<ActivationSent>('POST', '/api/v1/accounts/activation/resend', { email, locale: currentLocale() }),
    onSuccess: (sent) => {
      countdown.restart(sent.resendAfterSeconds);
      setNotice({ kind: 'sent', text: t('checkEmail.resent') });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.retryAfterSeconds !== null) countdown.restart(error.retryAfterSeconds);
      setNotice({ kind: 'error', text: describeError(t, error) });
    },
  });

  return (
    <AuthCard
      icon={<AuthIcon icon={IconMailForward} />}
      title={t('checkEmail.title')}
      footer={
        <Trans i18nKey="checkEmail.wrongAddress" components={{ restart: <Anchor component={Link} to="/register" /> }} />
      }
    >
      <Stack gap="md">
        <Text>
          <Trans
            i18nKey="checkEmail.sentTo"
            values={{ email }}
            components={{ address: <Text span fw={700} style={{ overflowWrap: 'anywhere' }} /> }}
          />
        </Text>
        <List size="sm" c="dimmed" spacing={4}>
          <List.Item>{t('checkEmail.linkValid')}</List.Item>
          <List.Item>{t('checkEmail.spam')}</List.Item>
        </List>
        {notice !== null && (
          <Alert
            role={notice.kind === 'sent' ? 'status' : 'alert'}
            color={notice.kind === 'sent' ? 'teal' : 'red'}
            icon={
              notice.kind === 'sent' ? <IconCircleCheck aria-hidden="true" /> : <IconAlertTriangle aria-hidden="true" />
            }
          >
            {notice.text}
          </Alert>
        )}
        <CountdownButton
          variant="default"
          size="md"
          fullWidth
          secondsLeft={countdown.secondsLeft}
          label={t('checkEmail.resend')}
          waitingLabel={(time) => t('checkEmail.resendIn', { time })}
          loading={resend.isPending}
          onClick={() => {
            setNotice(null);
            resend.mutate();
          }}
        />
      </Stack>
    </AuthCard>
  );
}
