import { AppShell, useMantineTheme } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { AppHeader } from './app-header';
import { Navigation } from './navigation';

/** Header, navigation and content; below the sm breakpoint the navigation hides behind the burger. */
export function AppLayout() {
  const { t } = useTranslation();
  const theme = useMantineTheme();
  const [navigationOpened, navigation] = useDisclosure(false);
  const wide = useMediaQuery(`(min-width: ${theme.breakpoints.sm})`, true, { getInitialValueInEffect: false });
  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !navigationOpened } }}
      padding={{ base: 'md', sm: 'xl' }}
    >
      <a className="skip-link" href="#main">
        {t('layout.skipToContent')}
      </a>
      <AppShell.Header>
        <AppHeader navigationOpened={navigationOpened} onToggleNavigation={navigation.toggle} />
      </AppShell.Header>
      {/* inert: a closed navigation is off screen, so it must not take focus either. */}
      {/* It scrolls: signed in, its links are taller than a laptop's window, and the last ones
          (the server's status) must stay within reach of a pointer. */}
      <AppShell.Navbar
        id="navigation"
        aria-label={t('layout.navigation')}
        p="md"
        inert={!wide && !navigationOpened}
        style={{ overflowY: 'auto' }}
      >
        <Navigation onNavigate={navigation.close} />
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} bg="gray.0">
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
