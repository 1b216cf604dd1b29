/**
 * The staff console: the providers, and which screen the session allows.
 * A setup link opens its screen whatever the session (routes.tsx publicScreen).
 * Otherwise, signed out, it is the sign-in screen (whatever the address, so a
 * bookmarked link opens after sign-in); with a one-time password, the password
 * change.
 */
import type { ComponentChildren } from 'preact';
import { Layout } from './components/layout';
import { PageErrorsProvider } from './components/page';
import { consoleMessages } from './lib/messages';
import { useRoute } from './lib/router';
import { PasswordPage } from './pages/password';
import { SignInPage } from './pages/sign-in';
import { publicScreen, Routes } from './routes';
import { AnnouncerProvider } from './state/announcer';
import { SessionProvider, useSession } from './state/session';

/** Before sign-in: the name of the console, and one narrow column. */
function Plain({ children }: { children: ComponentChildren }) {
  return (
    <>
      <header class="bar">
        <span class="brand">整改监督工作台</span>
      </header>
      <main id="main" tabIndex={-1} class="narrow">
        {children}
      </main>
    </>
  );
}

function Screen() {
  const { state } = useSession();
  const route = useRoute();
  const open = publicScreen(route);
  if (open) return <Plain>{open}</Plain>;
  if (state.is === 'loading') {
    return (
      <Plain>
        <p class="loading">{consoleMessages.loading}</p>
      </Plain>
    );
  }
  if (state.is === 'signed-out') {
    return (
      <Plain>
        <SignInPage message={state.message} />
      </Plain>
    );
  }
  if (state.user.mustChangePassword) {
    return (
      <Plain>
        <PasswordPage forced />
      </Plain>
    );
  }
  return (
    <AnnouncerProvider>
      {(region) => (
        <Layout path={route.path} region={region}>
          <Routes route={route} />
        </Layout>
      )}
    </AnnouncerProvider>
  );
}

export function App() {
  return (
    <SessionProvider>
      <PageErrorsProvider>
        <Screen />
      </PageErrorsProvider>
    </SessionProvider>
  );
}
