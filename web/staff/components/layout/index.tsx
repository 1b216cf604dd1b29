/**
 * The console's frame: who is signed in, the screens this user may open, sign
 * out, the live region for action results, then the screen.
 */
import type { ComponentChildren } from 'preact';
import type { Permission } from '../../../../worker/staff/roles';
import { roleLabels } from '../../lib/labels';
import { useSession, useUser } from '../../state/session';

const NAV: Array<{ path: string; label: string; permission?: Permission }> = [
  { path: '/inbox', label: '收件箱' },
  { path: '/new', label: '录入反馈', permission: 'feedback.enter' },
  { path: '/items', label: '整改事项' },
  { path: '/stats', label: '统计' },
  { path: '/notices', label: '通报', permission: 'notice.manage' },
  { path: '/audit', label: '审计日志', permission: 'audit.read' },
  { path: '/users', label: '账号', permission: 'user.manage' },
];

export function Layout({ path, region, children }: { path: string; region: ComponentChildren; children: ComponentChildren }) {
  const session = useSession();
  const user = useUser();
  const current = (p: string) => path === p || path.startsWith(`${p}/`) || (p === '/inbox' && path.startsWith('/feedback/'));
  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        跳到主要内容
      </a>
      <header class="bar">
        <a class="brand" href="#/inbox">
          整改监督工作台
        </a>
        <nav aria-label="工作台">
          <ul>
            {NAV.filter((n) => !n.permission || session.can(n.permission)).map((n) => (
              <li key={n.path}>
                <a href={`#${n.path}`} aria-current={current(n.path) ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span>
            {user.displayName}（{roleLabels[user.role]}）
          </span>
          <a href="#/password" aria-current={path === '/password' ? 'page' : undefined}>
            修改密码
          </a>
          <button type="button" class="link-button" onClick={() => void session.signOut()}>
            退出登录
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {region}
        {children}
      </main>
    </>
  );
}
