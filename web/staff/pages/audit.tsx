/**
 * The audit log, for admins: newest first, in keyset pages. Filters (a target,
 * an actor) come from the address, e.g. from a feedback's "审计记录" link.
 */
import { LoadError } from '../components/error-summary';
import { LoadMore } from '../components/load-more';
import { Page } from '../components/page';
import { auditActionLabels, auditTargetLabels } from '../lib/labels';
import { instantDateTime, isoInstant } from '../lib/format';
import { queryRecord } from '../lib/router';
import { staffApi, type AuditPage as AuditPageData } from '../lib/staff-api';
import { useKeyset } from '../lib/use-keyset';
import { useAnnounce } from '../state/announcer';
import { useResource } from '../lib/use-resource';
import { Change } from './audit-change';
import { InboundMailPanel } from './inbound-mail-panel';

type Entry = AuditPageData['entries'][number];
const FILTERS = ['targetType', 'targetId', 'actor'] as const;

/** The target as staff know it: a feedback by its reference, anything else by its kind and id. */
const target = (e: Entry) => `${auditTargetLabels[e.targetType] ?? e.targetType}${e.targetRef ? ` ${e.targetRef}` : e.targetId ? ` ${e.targetId}` : ''}`;
const targetLink = (e: Entry) => (e.targetType === 'feedback' && e.targetId ? <a href={`#/feedback/${e.targetId}`}>{target(e)}</a> : target(e));
const when = (e: Entry) => <time dateTime={isoInstant(e.at)}>{instantDateTime(e.at)}</time>;
const action = (e: Entry) => auditActionLabels[e.action] ?? e.action;

export function AuditPage({ query }: { query: URLSearchParams }) {
  const filters = queryRecord(query, FILTERS);
  const announce = useAnnounce();
  const departmentList = useResource(() => staffApi.departments(), 'departments').data?.departments;
  const departments = new Map((departmentList ?? []).map((d) => [d.id, d.name]));
  const list = useKeyset<Entry, number>(JSON.stringify(filters), async (before) => {
    const r = await staffApi.audit(filters, before ?? undefined);
    return r.ok ? { ...r, value: { rows: r.value.entries, next: r.value.next } } : r;
  });
  const more = async () => {
    const n = await list.loadMore();
    announce(`又加载了 ${n} 条记录`);
  };

  return (
    <Page title="审计日志">
      <p class="hint">每一次修改和每一次查看联系方式都记录在这里，记录不能修改或删除。</p>
      <InboundMailPanel />
      {Object.keys(filters).length > 0 && (
        <p>
          只显示：{filters.targetType && (auditTargetLabels[filters.targetType] ?? filters.targetType)} {filters.targetId}
          {filters.actor && ` 操作人编号 ${filters.actor}`} · <a href="#/audit">显示全部</a>
        </p>
      )}
      {list.error && <LoadError error={list.error} />}
      <div class="wide-only">
        <table class="table audit-table">
          <caption class="visually-hidden">审计记录，最新的在前</caption>
          <thead>
            <tr>
              <th scope="col">时间</th>
              <th scope="col">操作人</th>
              <th scope="col">操作</th>
              <th scope="col">对象</th>
              <th scope="col">之前</th>
              <th scope="col">之后</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((e) => (
              <tr key={e.id}>
                <td>{when(e)}</td>
                <td>{e.actor?.displayName ?? '系统'}</td>
                <td>{action(e)}</td>
                <td>{targetLink(e)}</td>
                <td>
                  <Change value={e.before} departments={departments} />
                </td>
                <td>
                  <Change value={e.after} departments={departments} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul class="cards narrow-only" aria-label="审计记录，最新的在前">
        {list.rows.map((e) => (
          <li key={e.id} class="card">
            <p class="card-head">
              <strong>{action(e)}</strong> {targetLink(e)}
            </p>
            <p class="meta">
              {when(e)} · {e.actor?.displayName ?? '系统'}
            </p>
            {e.before !== null && (
              <div class="audit-card-change">
                之前：<Change value={e.before} departments={departments} />
              </div>
            )}
            {e.after !== null && (
              <div class="audit-card-change">
                之后：<Change value={e.after} departments={departments} />
              </div>
            )}
          </li>
        ))}
      </ul>
      {!list.loading && list.rows.length === 0 && !list.error && <p>没有记录。</p>}
      {list.rows.length > 0 && <LoadMore shown={list.rows.length} more={list.more} busy={list.loading} onMore={() => void more()} />}
    </Page>
  );
}
