/**
 * The console's screens by hash route. Screens a role may not open are not in
 * its menu, and say so when reached by address; the API refuses them anyway.
 * The statistics load on demand: they are the heaviest screen and seldom used.
 */
import type { VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Permission } from '../../worker/staff/roles';
import { staffErrors } from '../../worker/staff/messages';
import { Page } from './components/page';
import { consoleMessages } from './lib/messages';
import { match, navigate, type Route } from './lib/router';
import { AuditPage } from './pages/audit';
import { CalendarPage } from './pages/calendar';
import { FeedbackPage } from './pages/feedback';
import { InboxPage } from './pages/inbox';
import { ItemsPage } from './pages/items';
import { NewFeedbackPage } from './pages/new-feedback';
import { NotFoundPage } from './pages/not-found';
import { NotifyPage } from './pages/notify';
import { NoticesPage } from './pages/notices';
import { NoticeDetailPage } from './pages/notices/detail';
import { NewNoticePage } from './pages/notices/new';
import { PasswordPage } from './pages/password';
import { SetupPage } from './pages/setup';
import { TemplatesPage } from './pages/templates';
import { UsersPage } from './pages/users';
import { AccountPage } from './pages/users/account';
import { DepartmentPage } from './pages/users/department';
import { useSession } from './state/session';

type StatsModule = typeof import('./pages/stats');

function LazyStats() {
  const [mod, setMod] = useState<StatsModule | null>(null);
  useEffect(() => void import('./pages/stats').then(setMod), []);
  return mod ? <mod.StatsPage /> : <p class="loading">{consoleMessages.loading}</p>;
}

const ROUTES: Array<{ pattern: string; permission?: Permission; view: (params: Record<string, string>, route: Route) => VNode }> = [
  { pattern: '/inbox', view: (_, r) => <InboxPage query={r.query} /> },
  { pattern: '/feedback/:id', view: (p) => <FeedbackPage key={p.id} id={Number(p.id)} /> },
  { pattern: '/items', view: (_, r) => <ItemsPage query={r.query} /> },
  { pattern: '/new', permission: 'feedback.enter', view: () => <NewFeedbackPage /> },
  { pattern: '/notices', permission: 'notice.manage', view: () => <NoticesPage /> },
  { pattern: '/notices/new', permission: 'notice.manage', view: () => <NewNoticePage /> },
  // After /notices/new, which is not a slug.
  { pattern: '/notices/:slug', permission: 'notice.manage', view: (p) => <NoticeDetailPage key={p.slug} slug={p.slug!} /> },
  { pattern: '/templates', permission: 'template.manage', view: () => <TemplatesPage /> },
  { pattern: '/notify', permission: 'notify.manage', view: () => <NotifyPage /> },
  { pattern: '/calendar', permission: 'calendar.manage', view: () => <CalendarPage /> },
  { pattern: '/audit', permission: 'audit.read', view: (_, r) => <AuditPage query={r.query} /> },
  { pattern: '/users', permission: 'user.manage', view: () => <UsersPage /> },
  { pattern: '/users/:id', permission: 'user.manage', view: (p) => <AccountPage key={p.id} id={Number(p.id)} /> },
  { pattern: '/departments/:id', permission: 'department.manage', view: (p) => <DepartmentPage key={p.id} id={Number(p.id)} /> },
  { pattern: '/stats', view: () => <LazyStats /> },
  { pattern: '/password', view: () => <PasswordPage /> },
];

/**
 * Screens that open without signing in, whatever the session: a setup link
 * (`#/setup/<token>`, see pages/setup.tsx), which a new member opens before
 * they have a password. Null for every other address.
 */
export function publicScreen(route: Route): VNode | null {
  const setup = match('/setup/:token', route.path);
  return setup ? <SetupPage key={setup.token} token={setup.token!} /> : null;
}

export function Routes({ route }: { route: Route }) {
  const session = useSession();
  useEffect(() => {
    if (route.path === '/') navigate('/inbox', {}, { replace: true });
  }, [route.path]);
  for (const r of ROUTES) {
    const params = match(r.pattern, route.path);
    if (!params) continue;
    if (r.permission && !session.can(r.permission)) {
      return (
        <Page key={r.pattern} title="没有权限">
          <p>{staffErrors.forbidden}</p>
        </Page>
      );
    }
    return r.view(params, route);
  }
  return route.path === '/' ? <p class="loading">{consoleMessages.loading}</p> : <NotFoundPage />;
}
