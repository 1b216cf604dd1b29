/**
 * The console's frame: who is signed in, the screens this user may open, sign
 * out, the live region for action results, then the screen.
 *
 * On a phone (≤ 600 px) the frame is one row, the name and a 菜单 button that
 * opens the menu (a disclosure: aria-expanded), so the screen starts near the
 * top instead of under three lines of links. Going to a screen closes it.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Permission } from '../../../../worker/staff/roles';
import { roleLabels } from '../../lib/labels';
import { CalendarBanner } from '../calendar-banner';
import { useSession, useUser } from '../../state/session';

const NAV: Array<{ path: string; label: string; permission?: Permission }> = [
  { path: '/inbox', label: '收件箱' },
  { path: '/new', label: '录入反馈', permission: 'feedback.enter' },
  { path: '/items', label: '整改事项' },
  { path: '/stats', label: '统计' },
  { path: '/notices', label: '通报', permission: 'notice.manage' },
  { path: '/templates', label: '答复模板', permission: 'template.manage' },
  { path: '/notify', label: '消息通知', permission: 'notify.manage' },
  { path: '/calendar', label: '节假日安排', permission: 'calendar.manage' },
  { path: '/audit', label: '审计日志', permission: 'audit.read' },
  { path: '/users', label: '账号', permission: 'user.manage' },
];

export function Layout({ path, region, children }: { path: string; region: ComponentChildren; children: ComponentChildren }) {
  const session = useSession();
  const user = useUser();
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [path]);
  const current = (p: string) => path === p || path.startsWith(`${p}/`) || (p === '/inbox' && path.startsWith('/feedback/'));
  const here = NAV.find((n) => current(n.path));
  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        跳到主要内容
      </a>
      <header class="bar">
        <a class="brand" href="#/inbox">
          整改监督工作台
        </a>
        <button type="button" class="menu-button" aria-expanded={open} aria-controls="console-menu" onClick={() => setOpen((o) => !o)}>
          菜单{here && <span class="menu-here">：{here.label}</span>}
        </button>
        <div id="console-menu" class={open ? 'bar-menu open' : 'bar-menu'}>
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
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {region}
        {session.can('calendar.manage') && path !== '/calendar' && <CalendarBanner />}
        {children}
      </main>
    </>
  );
}
