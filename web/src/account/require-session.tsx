import type { SessionInfo } from '@nimbus/protocol';
import { Alert, Button, Center, Loader } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useOutletContext } from 'react-router';
import { useSession } from '../session';

/** A page still on its way: its code, or the session it needs. */
export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center py={96}>
      <Loader aria-label={t('account.loading')} />
    </Center>
  );
}

/** Pages below it need a session: without one they send the user to sign in, and back here after. */
export function RequireSession() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <PageLoader />;
  if (session.isError) {
    return (
      <Alert color="red" icon={<IconPlugConnectedX aria-hidden="true" />} title={t('errors.network')} maw={560}>
        <Button variant="default" size="xs" mt="xs" onClick={() => void session.refetch()}>
          {t('errors.retry')}
        </Button>
      </Alert>
    );
  }
  if (session.data === null) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet context={session.data} />;
}

/** The session of a page under RequireSession. */
export function useSignedIn(): SessionInfo {
  return useOutletContext<SessionInfo>();
}
