import type { SessionInfo } from '@nimbus/protocol';
import { Button, Center, Loader, Stack, Text } from '@mantine/core';
import { IconArrowRight, IconCircleCheck, IconClockX, IconLinkOff } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError, sendJson } from '../../api';
import { AccountNumber } from '../../account/account-number';
import { AuthCard } from '../../account/auth-card';
import { AuthIcon } from '../../account/auth-icon';
import { describeError } from '../../errors';
import { usePageTitle } from '../../layout/page-title';
import { storeSession } from '../../session';

/**
 * Opens the link of the activation mail: activates the account and signs this browser in. A
 * link works once, so the request is made once per token, even if React renders the page twice.
 */
export function ActivatePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const activation = useQuery({
    queryKey: ['activation', token],
    queryFn: () => sendJson<SessionInfo>('POST', '/api/v1/accounts/activate', { token }),
    enabled: token.length >= 20,
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
    refetchOnMount: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  const activated = activation.data;
  usePageTitle(activated ? t('activate.doneTitle') : t('activate.title'));

  useEffect(() => {
    if (activated) storeSession(activated);
  }, [activated]);

  if (activated) {
    return (
      <AuthCard
        icon={<AuthIcon icon={IconCircleCheck} color="teal.8" />}
        title={t('activate.doneTitle')}
        description={t('activate.doneText')}
      >
        <Stack gap="lg">
          <AccountNumber number={activated.account.number} />
          <Text size="sm" c="dimmed">
            {t('activate.numberHint')}
          </Text>
          <Button
            component={Link}
            to="/account"
            size="md"
            fullWidth
            rightSection={<IconArrowRight size={18} aria-hidden="true" />}
          >
            {t('activate.toAccount')}
          </Button>
        </Stack>
      </AuthCard>
    );
  }

  const expired = activation.error instanceof ApiError && activation.error.code === 'code_expired';
  const invalid =
    token.length < 20 || (activation.error instanceof ApiError && activation.error.code === 'code_invalid');

  if (expired) {
    return (
      <AuthCard
        icon={<AuthIcon icon={IconClockX} color="orange.9" />}
        title={t('activate.expiredTitle')}
        description={t('activate.expiredText')}
      >
        <Button component={Link} to="/register" size="md" fullWidth>
          {t('activate.toRegister')}
        </Button>
      </AuthCard>
    );
  }

  if (invalid) {
    return (
      <AuthCard
        icon={<AuthIcon icon={IconLinkOff} color="red" />}
        title={t('activate.invalidTitle')}
        description={t('activate.invalidText')}
      >
        <Stack gap="sm">
          <Button component={Link} to="/sign-in" size="md" fullWidth>
            {t('activate.toSignIn')}
          </Button>
          <Button component={Link} to="/register" size="md" variant="default" fullWidth>
            {t('activate.toRegisterAgain')}
          </Button>
        </Stack>
      </AuthCard>
    );
  }

  if (activation.isError) {
    return (
      <AuthCard title={t('activate.title')} description={describeError(t, activation.error)}>
        <Button size="md" fullWidth onClick={() => void activation.refetch()}>
          {t('errors.retry')}
        </Button>
      </AuthCard>
    );
  }

  return (
    <Center py={96}>
      <Stack align="center" gap="md" role="status">
        <Loader />
        <Text c="dimmed">{t('activate.working')}</Text>
      </Stack>
    </Center>
  );
}
