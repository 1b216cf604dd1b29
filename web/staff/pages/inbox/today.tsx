/**
 * The today bar, first on the inbox: how many feedback are overdue, due within
 * three days, new, returned by a department, and 待回应 (a follow-up or review
 * request after the reply), each one tap from its list (views.ts), then 未办结
 * and 全部. The view shown is marked as the current one.
 */
import { href } from '../../lib/router';
import type { TodayCounts } from '../../lib/staff-api';
import { isView, QUICK_VIEWS, TODAY_VIEWS } from './views';

export function TodayBar({ counts, filters }: { counts: TodayCounts | null; filters: Record<string, string | undefined> }) {
  return (
    <nav aria-label="今日待办" class="today">
      <ul class="today-counts">
        {TODAY_VIEWS.map((v) => {
          const n = counts?.[v.key];
          return (
            <li key={v.key}>
              <a href={href('/inbox', v.query)} aria-current={isView(filters, v.query) ? 'page' : undefined} class={`today-link today-${v.key}${n ? ' has-some' : ''}`}>
                <span class="today-label">{v.label}</span> <span class="today-count">{n ?? '…'}</span>
                <span class="visually-hidden"> 条</span>
              </a>
            </li>
          );
        })}
      </ul>
      <ul class="quick-links">
        {QUICK_VIEWS.map((v) => (
          <li key={v.label}>
            <a href={href('/inbox', v.query)} aria-current={isView(filters, v.query) ? 'page' : undefined}>
              {v.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
