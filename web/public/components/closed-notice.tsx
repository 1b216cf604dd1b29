import type { NoticeView } from '../../../worker/db/notices';
import { noticeClosedMessage } from '../../../worker/closed-message';

/** What a notice that no longer takes feedback says at its top: since when, and what still works. */
export function ClosedNotice({ notice }: { notice: Pick<NoticeView, 'state' | 'closedOn'> }) {
  return (
    <div class="closed">
      <p>
        <strong>{notice.state === 'archived' ? '已归档 · 已停止接收反馈' : '已停止接收反馈'}</strong>
      </p>
      <p>{noticeClosedMessage(notice.closedOn)}。</p>
      <p>
        <a href="/track">查询已提交的反馈</a>
      </p>
    </div>
  );
}
