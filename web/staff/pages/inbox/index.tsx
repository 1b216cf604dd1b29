/**
 * The inbox: the today bar first, then feedback in order of urgency (the
 * server's order: nearest reply deadline first), filtered by the address, read
 * in pages. With no filter in the address it opens on the user's first view:
 * 待受理 for a clerk, 未办结 for a department (views.ts).
 *
 * On a desk the filters come before the list and rows can be ticked for bulk
 * triage; on a phone the results come first and the filters, folded, after.
 * The rows shown are remembered (state/inbox-order.ts) so that a feedback's
 * screen can go on to the next one.
 */
import { useEffect, useState } from 'preact/hooks';
import { BULK_MAX } from '../../../../worker/staff/bulk';
import { ExportButton } from '../../components/export-button';
import { LoadError } from '../../components/error-summary';
import { LoadMore } from '../../components/load-more';
import { Page } from '../../components/page';
import { queryRecord } from '../../lib/router';
import { staffApi, type InboxPage as InboxPageData } from '../../lib/staff-api';
import { useKeyset } from '../../lib/use-keyset';
import { useResource } from '../../lib/use-resource';
import { rememberInboxOrder } from '../../state/inbox-order';
import { useSession, useUser } from '../../state/session';
import { BulkBar } from './bulk';
import { describeFilters, FILTER_KEYS, InboxFilters, type Filters } from './filters';
import { InboxList, type Selection } from './list';
import { NARROW, PHONE, useMedia } from './media';
import { SourceClearing } from './source-clearing';
import { TodayBar } from './today';
import { apiFilters, defaultView, effectiveFilters } from './views';

type Row = InboxPageData['feedback'][number];

/** How many rows are shown, for the live line above the list. */
function count(list: { rows: Row[]; more: boolean; loading: boolean; error: unknown }): string {
  if (list.loading) return '正在加载…';
  if (list.error) return '';
  return list.more ? `已显示 ${list.rows.length} 条，还有更多` : `共 ${list.rows.length} 条`;
}

export function InboxPage({ query }: { query: URLSearchParams }) {
  const session = useSession();
  const user = useUser();
  // A handler of one department: its name would fill a column with the same word, and new work is theirs.
  const ownDepartment = user.role !== 'admin' ? user.departmentId : null;
  const filters: Filters = effectiveFilters(queryRecord(query, FILTER_KEYS), defaultView(ownDepartment));
  const sent = apiFilters(filters);
  const phone = useMedia(PHONE);
  const narrow = useMedia(NARROW);
  // Read again after a change made from this page (bulk triage, a source's feedback marked as spam).
  const [version, setVersion] = useState(0);
  const key = JSON.stringify([filters, version]);
  const departments = useResource(() => staffApi.departments(), 'departments').data?.departments ?? [];
  const today = useResource(() => staffApi.today(), `today:${version}`);
  const [readAt, setReadAt] = useState<number | null>(null);
  const list = useKeyset<Row, string>(key, async (cursor) => {
    const r = await staffApi.inbox(sent, cursor ?? undefined);
    // The first page's reading time: a bulk step leaves alone whatever changed after the list was read.
    if (r.ok && !cursor) setReadAt(r.value.readAt);
    return r.ok ? { ...r, value: { rows: r.value.feedback, next: r.value.nextCursor } } : r;
  });
  const described = describeFilters(filters, departments);

  useEffect(() => {
    if (!list.loading) rememberInboxOrder(list.rows.map((r) => r.id), query.toString());
  }, [list.rows, list.loading]);

  // Ticked rows, kept across a re-read for the rows still listed; none when the view changes.
  const viewKey = JSON.stringify(filters);
  const [ticked, setTicked] = useState<{ view: string; ids: number[] }>({ view: viewKey, ids: [] });
  const selected = ticked.view === viewKey ? ticked.ids.filter((id) => list.loading || list.rows.some((r) => r.id === id)) : [];
  const mayTriage = session.can('feedback.handle') && !narrow;
  const selection: Selection | null = mayTriage
    ? {
        has: (id) => selected.includes(id),
        toggle: (id, on) => setTicked({ view: viewKey, ids: on ? [...selected.filter((x) => x !== id), id] : selected.filter((x) => x !== id) }),
        all: (on) => setTicked({ view: viewKey, ids: on ? list.rows.slice(0, BULK_MAX).map((r) => r.id) : [] }),
        count: selected.length,
      }
    : null;

  const filterForm = <InboxFilters filters={filters} departments={departments} collapsed={phone} showDepartment={ownDepartment === null} />;
  return (
    <Page title="收件箱">
      <TodayBar counts={today.data} filters={filters} />
      {!phone && filterForm}
      {filters.source && filters.around && /^\d+$/.test(filters.around) && (
        <SourceClearing key={`${filters.source}:${filters.around}`} source={filters.source} around={Number(filters.around)} onMarked={() => setVersion((n) => n + 1)} />
      )}
      <div class="list-head">
        <p class="meta" aria-live="polite">
          {described.length > 0 ? `当前筛选：${described.join('；')}` : '全部反馈'}。{count(list)}
        </p>
        {selection && (
          <BulkBar
            key={viewKey}
            rows={list.rows}
            selected={selected}
            departments={departments}
            mayAssign={session.can('feedback.assign')}
            readAt={readAt}
            onDone={() => setVersion((n) => n + 1)}
          />
        )}
        <ExportButton filters={sent} />
      </div>
      {list.error && <LoadError error={list.error} />}
      {!list.error && (!list.loading || list.rows.length > 0) && <InboxList rows={list.rows} view={{ ownDepartment, signs: ownDepartment !== null && session.can('feedback.handle') }} selection={selection} narrow={narrow} />}
      {list.rows.length > 0 && <LoadMore shown={list.rows.length} more={list.more} busy={list.loading} onMore={() => void list.loadMore()} />}
      {phone && filterForm}
    </Page>
  );
}
