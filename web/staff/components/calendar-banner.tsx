/**
 * Atop every screen, for admins (calendar.manage, the only ones who can act on it): a line saying
 * that the holiday calendar lacks a year that open deadlines fall in, or that will be needed within
 * three months, with a link to 节假日安排. Deadlines there are never silently treated as ordinary
 * weeks; this says so. It can be put away for the rest of the session (sessionStorage, keyed by the
 * years, so a further missing year shows it again); the feedback page still says it, quietly, where
 * it matters (pages/feedback/facts.tsx). Never printed (styles.css).
 */
import { useState } from 'preact/hooks';
import { calendarApi } from '../lib/calendar-api';
import { useResource } from '../lib/use-resource';

const DISMISSED = 'rw.calendar-banner-dismissed';

function dismissedFor(): string | null {
  try {
    return sessionStorage.getItem(DISMISSED);
  } catch {
    return null;
  }
}

export function CalendarBanner() {
  const overview = useResource(() => calendarApi.overview(), 'calendar-banner');
  const [dismissed, setDismissed] = useState(dismissedFor);
  const data = overview.data;
  if (!data) return null;
  const years = [...new Set([...data.uncovered.map((u) => u.year), ...(data.missingSoon === null ? [] : [data.missingSoon])])].sort();
  if (years.length === 0) return null;
  const key = years.join(',');
  if (dismissed === key) return null;
  const open = data.uncovered.reduce((n, u) => n + u.deadlines, 0);
  const dismiss = () => {
    try {
      sessionStorage.setItem(DISMISSED, key);
    } catch {
      // Without storage it is put away for this page only.
    }
    setDismissed(key);
    document.getElementById('main')?.focus();
  };
  return (
    <div class="calendar-banner" role="region" aria-label="节假日安排数据缺失">
      <p>
        <strong>节假日安排数据缺失：</strong>
        {years.join('、')} 年尚未录入{open > 0 ? `，${open} 件未办结反馈的期限无法确定法定最后一日` : ''}。
      </p>
      <p class="calendar-banner-actions">
        <a class="button small" href="#/calendar">
          去录入
        </a>
        <button type="button" class="button small secondary" onClick={dismiss}>
          本次不再提示
        </button>
      </p>
    </div>
  );
}
