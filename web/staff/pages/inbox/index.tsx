/**
 * The inbox: feedback in order of urgency (the server's order: nearest reply
 * deadline first), filtered by the address, read in pages.
 */
import { useState } from 'preact/hooks';
import { ExportButton } from '../../components/export-button';
import { LoadError } from '../../components/error-summary';
import { LoadMore } from '../../components/load-more';
import { Page } from '../../components/page';
import { href, queryRecord } from '../../lib/router';
import { staffApi, type InboxPage as InboxPageData } from '../../lib/staff-api';
import { useKeyset } from '../../lib/use-keyset';
import { useResource } from '../../lib/use-resource';
import { describeFilters, FILTER_KEYS, InboxFilters, type Filters } from './filters';
import { InboxList } from './list';
import { SourceClearing } from './source-clearing';

type Row = InboxPageData['feedback'][number];

const QUICK = [
  ['#/inbox?status=open', '未办结'],
  ['#/inbox?overdue=1', '已超期'],
  ['#/inbox?status=new', '待受理'],
  ['#/inbox', '全部'],
] as const;

/** How many rows are shown, for the live line above the list. */
function count(list: { rows: Row[]; more: boolean; loading: boolean; error: unknown }): string {
  if (list.loading) return '正在加载…';
  if (list.error) return '';
  return list.more ? `已显示 ${list.rows.length} 条，还有更多` : `共 ${list.rows.length} 条`;
}

export function InboxPage({ query }: { query: URLSearchParams }) {
  const filters: Filters = queryRecord(query, FILTER_KEYS);
  // Read again after a change made from this page (a source's feedback marked as spam).
  const [version, setVersion] = useState(0);
  const key = JSON.stringify([filters, version]);
  const departments = useResource(() => staffApi.departments(), 'departments').data?.departments ?? [];
  const list = useKeyset<Row, string>(key, async (cursor) => {
    const r = await staffApi.inbox(filters as Record<string, string>, cursor ?? undefined);
    return r.ok ? { ...r, value: { rows: r.value.feedback, next: r.value.nextCursor } } : r;
  });
  const described = describeFilters(filters, departments);
  const here = (h: string) => (href('/inbox', filters) === h ? 'page' : undefined);

  return (
    <Page title="收件箱">
      <nav aria-label="常用筛选" class="quick-links">
        {QUICK.map(([h, label]) => (
          <a key={h} href={h} aria-current={here(h)}>
            {label}
          </a>
        ))}
      </nav>
      <InboxFilters filters={filters} departments={departments} />
      {filters.source && filters.around && /^\d+$/.test(filters.around) && (
        <SourceClearing key={`${filters.source}:${filters.around}`} source={filters.source} around={Number(filters.around)} onMarked={() => setVersion((n) => n + 1)} />
      )}
      <div class="list-head">
        <p class="meta" aria-live="polite">
          {described.length > 0 ? `当前筛选：${described.join('；')}` : '全部反馈'}。{count(list)}
        </p>
        <ExportButton filters={filters as Record<string, string>} />
      </div>
      {list.error && <LoadError error={list.error} />}
      {!list.error && (!list.loading || list.rows.length > 0) && <InboxList rows={list.rows} />}
      {list.rows.length > 0 && <LoadMore shown={list.rows.length} more={list.more} busy={list.loading} onMore={() => void list.loadMore()} />}
    </Page>
  );
}
