import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { PageLoader, RequireSession } from './account/require-session';
import { AppLayout } from './layout/app-layout';
import { AccountPage } from './pages/account/account-page';
import { SessionsPage } from './pages/account/sessions-page';
import { PasswordPage } from './pages/settings/password-page';
import { ProfilePage } from './pages/settings/profile-page';
import { SecurityActivityPage } from './pages/settings/security-activity-page';
import { ActivatePage } from './pages/activate/activate-page';
import { HomePage } from './pages/home/home-page';
import { NotFoundPage } from './pages/not-found-page';
import { OutboxPage } from './pages/outbox/outbox-page';
import { ServerPage } from './pages/server/server-page';
import { CheckEmailPage } from './pages/register/check-email-page';
import { RouteErrorPage } from './pages/route-error-page';
import { SignInPage } from './pages/sign-in/sign-in-page';
import { queryClient } from './query-client';
import { cssVariablesResolver, theme } from './theme';

/**
 * A page whose code loads when it is first visited. Sign-up and recovery bring zod (the password
 * rules shared with the server), the contact and phone pages libphonenumber-js, the cloud pages
 * ical.js: none of it belongs in the first download.
 */
function lazyPage<T>(load: () => Promise<T>, pick: (page: T) => ComponentType) {
  return {
    lazy: () => load().then((page) => ({ Component: pick(page) })),
    hydrateFallbackElement: <PageLoader />,
  };
}

const router = createBrowserRouter([
  {
    element: <AppLayout />,
    children: [
      {
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <HomePage /> },
          {
            path: 'register',
            ...lazyPage(
              () => import('./pages/register/register-page'),
              (page) => page.RegisterPage,
            ),
          },
          { path: 'register/check-email', element: <CheckEmailPage /> },
          { path: 'activate', element: <ActivatePage /> },
          { path: 'sign-in', element: <SignInPage /> },
          {
            path: 'recover',
            ...lazyPage(
              () => import('./pages/recover/recover-page'),
              (page) => page.RecoverPage,
            ),
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
                ...lazyPage(
                  () => import('./pages/identifiers/identifiers-page'),
                  (page) => page.IdentifiersPage,
                ),
              },
              { path: 'account/security', element: <SecurityActivityPage /> },
              {
                path: 'account/delete',
                ...lazyPage(
                  () => import('./pages/deletion/delete-account-page'),
                  (page) => page.DeleteAccountPage,
                ),
              },
              {
                path: 'contacts',
                ...lazyPage(
                  () => import('./pages/contacts/contacts-page'),
                  (page) => page.ContactsPage,
                ),
              },
              {
                path: 'notes',
                ...lazyPage(
                  () => import('./pages/notes/notes-page'),
                  (page) => page.NotesPage,
                ),
              },
              {
                path: 'gallery/:id?',
                ...lazyPage(
                  () => import('./pages/gallery/gallery-page'),
                  (page) => page.GalleryPage,
                ),
              },
              {
                path: 'bin',
                ...lazyPage(
                  () => import('./pages/bin/bin-page'),
                  (page) => page.RecycleBinPage,
                ),
              },
              {
                path: 'recordings',
                ...lazyPage(
                  () => import('./pages/recordings/recordings-page'),
                  (page) => page.RecordingsPage,
                ),
              },
              {
                path: 'files',
                ...lazyPage(
                  () => import('./pages/files/files-page'),
                  (page) => page.FilesPage,
                ),
              },
              {
                path: 'storage',
                ...lazyPage(
                  () => import('./pages/storage/storage-page'),
                  (page) => page.StoragePage,
                ),
              },
              {
                path: 'devices',
                ...lazyPage(
                  () => import('./pages/devices/devices-page'),
                  (page) => page.DevicesPage,
                ),
              },
              {
                path: 'messages',
                ...lazyPage(
                  () => import('./pages/messages/messages-page'),
                  (page) => page.MessagesPage,
                ),
              },
              {
                path: 'calls',
                ...lazyPage(
                  () => import('./pages/calls/calls-page'),
                  (page) => page.CallLogPage,
                ),
              },
              {
                path: 'calendar',
                ...lazyPage(
                  () => import('./pages/calendar/calendar-page'),
                  (page) => page.CalendarPage,
                ),
              },
            ],
          },
          { path: 'dev/outbox', element: <OutboxPage /> },
          { path: 'server', element: <ServerPage /> },
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
