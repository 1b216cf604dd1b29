/**
 * Atop every screen, for admins (calendar.manage): a line saying that the holiday calendar lacks a
 * year that open deadlines fall in, or that will be needed within three months, with a link to
 * 节假日安排. Deadlines there are never silently treated as ordinary weeks; this says so.
 */
import { calendarApi } from '../lib/calendar-api';
import { useResource } from '../lib/use-resource';

export function CalendarBanner() {
  const overview = useResource(() => calendarApi.overview(), 'calendar-banner');
  const data = overview.data;
  if (!data) return null;
  const years = [...new Set([...data.uncovered.map((u) => u.year), ...(data.missingSoon === null ? [] : [data.missingSoon])])].sort();
  if (years.length === 0) return null;
  const open = data.uncovered.reduce((n, u) => n + u.deadlines, 0);
  return (
    <p class="calendar-banner">
      <strong>节假日安排数据缺失：</strong>
      {years.join('、')} 年尚未录入{open > 0 ? `，${open} 件未办结反馈的期限无法确定法定最后一日` : ''}。
      <a href="#/calendar">去录入</a>
    </p>
  );
}
