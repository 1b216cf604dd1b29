import type { PageData } from '../page-data';
import { noticeClosedMessage } from '../../../worker/closed-message';

/** /n/:slug/feedback once the notice takes no more feedback: the date it closed, instead of the form. */
export default function FeedbackClosedRoute({ notice }: Extract<PageData, { page: 'feedback-closed' }>) {
  return (
    <>
      <h1>已停止接收反馈</h1>
      <p class="meta">
        {notice.title}
        {notice.state === 'archived' && ' · 已归档'}
      </p>
      <p>{noticeClosedMessage(notice.closedOn)}。</p>
      <p class="actions">
        <a class="button" href={`/n/${notice.slug}`}>
          返回通报
        </a>
        <a class="button secondary" href="/track">
          查询已提交的反馈
        </a>
      </p>
    </>
  );
}
