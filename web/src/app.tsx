import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { PageLoader, RequireSession } from './account/require-session';
import { AppLayout } from './layout/app-layout';
import { AccountPage } from './pages/account/account-page';
import { SessionsPage } from './pages/account/sessions-page';
import { ContactsPage } from './pages/contacts/contacts-page';
import { NotesPage } from './pages/notes/notes-page';
import { RecycleBinPage } from './pages/bin/bin-page';
import { DevicesPage } from './pages/devices/devices-page';
import { MessagesPage } from './pages/messages/messages-page';
import { CallLogPage } from './pages/calls/calls-page';
import { CalendarPage } from './pages/calendar/calendar-page';
import { PasswordPage } from './pages/settings/password-page';
import { ProfilePage } from './pages/settings/profile-page';
import { SecurityActivityPage } from './pages/settings/security-activity-page';
import { ActivatePage } from './pages/activate/activate-page';
import { HomePage } from './pages/home/home-page';
import { NotFoundPage } from './pages/not-found-page';
import { OutboxPage } from './pages/outbox/outbox-page';
import { CheckEmailPage } from './pages/register/check-email-page';
import { RouteErrorPage } from './pages/route-error-page';
import { SignInPage } from './pages/sign-in/sign-in-page';
import { queryClient } from './query-client';
import { cssVariablesResolver, theme } from './theme';

const router = createBrowserRouter([
  {
    element: <AppLayout />,
    children: [
      {
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <HomePage /> },
          // Lazy: the password rules it shares with the server bring zod along.
          {
            path: 'register',
            lazy: () =>
              import('./pages/register/register-page').then(({ RegisterPage }) => ({ Component: RegisterPage })),
            hydrateFallbackElement: <PageLoader />,
          },
          { path: 'register/check-email', element: <CheckEmailPage /> },
          { path: 'activate', element: <ActivatePage /> },
          { path: 'sign-in', element: <SignInPage /> },
          {
            path: 'recover',
            lazy: () => import('./pages/recover/recover-page').then(({ RecoverPage }) => ({ Component: RecoverPage })),
            hydrateFallbackElement: <PageLoader />,
          },
          {
            element: <RequireSession />,
            children: [
              { path: 'account', element: <AccountPage /> },
              { path: 'account/sessions', element: <SessionsPage /> },
              { path: 'account/profile', element: <ProfilePage /> },
              { path: 'account/password', element: <PasswordPage /> },
              {
                path: 'account/email-and-phone',
                lazy: () =>
                  import('./pages/identifiers/identifiers-page').then(({ IdentifiersPage }) => ({
                    Component: IdentifiersPage,
                  })),
                hydrateFallbackElement: <PageLoader />,
              },
              { path: 'account/security', element: <SecurityActivityPage /> },
              {
                path: 'account/delete',
                lazy: () =>
                  import('./pages/deletion/delete-account-page').then(({ DeleteAccountPage }) => ({
                    Component: DeleteAccountPage,
                  })),
                hydrateFallbackElement: <PageLoader />,
              },
              { path: 'contacts', element: <ContactsPage /> },
              { path: 'notes', element: <NotesPage /> },
              { path: 'bin', element: <RecycleBinPage /> },
              { path: 'devices', element: <DevicesPage /> },
              { path: 'messages', element: <MessagesPage /> },
              { path: 'calls', element: <CallLogPage /> },
              { path: 'calendar', element: <CalendarPage /> },
            ],
          },
          { path: 'dev/outbox', element: <OutboxPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
