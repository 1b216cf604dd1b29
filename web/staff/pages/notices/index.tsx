/**
 * The 通报 screen: every notice with its state and counts, newest first, and
 * the changes of state each may take now (confirmed first). A notice's title
 * opens it, to edit its facts and its items.
 */
import { LoadError } from '../../components/error-summary';
import { Page } from '../../components/page';
import { longDate } from '../../lib/format';
import { consoleMessages } from '../../lib/messages';
import { noticeApi, type StaffNoticeSummary } from '../../lib/notice-api';
import { href } from '../../lib/router';
import { useResource } from '../../lib/use-resource';
import { NoticeStateTag, StateActions } from './state-actions';

function Row({ notice, reload }: { notice: StaffNoticeSummary; reload: () => void }) {
  const titleId = `notice-${notice.slug}`;
  return (
    <li class="card">
      <h2 id={titleId} class="card-title">
        <a href={href(`/notices/${notice.slug}`)}>{notice.title}</a>
      </h2>
      <p class="card-head">
        <NoticeStateTag state={notice.state} />
        {notice.closedOn && <span class="meta">{longDate(notice.closedOn)}起停止接收反馈</span>}
      </p>
      <p class="meta">
        {notice.issuer}
        {notice.publishedOn && ` · ${longDate(notice.publishedOn)}`} · 整改事项 {notice.itemCount} 项 ·{' '}
        {notice.feedbackCount > 0 ? <a href={href('/inbox', { notice: notice.slug })}>群众反馈 {notice.feedbackCount} 条</a> : '暂无群众反馈'}
        {notice.state !== 'draft' && (
          <>
            {' · '}
            <a href={`/n/${notice.slug}`} target="_blank" rel="noopener">
              公开页面<span class="visually-hidden">（新窗口）</span>
            </a>
          </>
        )}
      </p>
      <StateActions notice={notice} onChanged={reload} onStale={reload} />
    </li>
  );
}

export function NoticesPage() {
  const list = useResource(() => noticeApi.list(), 'staff-notices');
  const notices = list.data?.notices ?? [];
  return (
    <Page title="通报">
      <p>
        <a class="button" href="#/notices/new">
          新建通报
        </a>
      </p>
      {list.error && <LoadError error={list.error} />}
      {!list.data ? (
        !list.error && <p class="loading">{consoleMessages.loading}</p>
      ) : notices.length === 0 ? (
        <p>还没有通报。点“新建通报”，粘贴或上传通报原文。</p>
      ) : (
        <ul class="cards notice-cards">
          {notices.map((n) => (
            <Row key={n.slug} notice={n} reload={list.reload} />
          ))}
        </ul>
      )}
    </Page>
  );
}
