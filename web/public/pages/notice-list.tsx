import type { PageData } from '../page-data';
import type { NoticeSummary } from '../../../worker/db/notices';
import { longDate } from '../lib/format';

export function NoticeListPage({ notices }: { notices: NoticeSummary[] }) {
  return (
    <>
      <h1>整改情况通报</h1>
      {notices.length === 0 ? (
        <p>目前没有公开的通报。</p>
      ) : (
        <ul class="list">
          {notices.map((n) => (
            <li key={n.slug}>
              <a href={`/n/${n.slug}`}>{n.title}</a>
              <p class="meta">
                {n.issuer}
                {n.publishedOn && ` · ${longDate(n.publishedOn)}`} · 共 {n.itemCount} 项
                {n.state === 'closed' && ' · 已停止接收反馈'}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export default function NoticeListRoute(data: Extract<PageData, { page: 'list' }>) {
  return <NoticeListPage notices={data.notices} />;
}
