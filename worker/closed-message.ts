/**
 * The sentence a person reads once a notice takes no more feedback: in the 409
 * of POST /api/feedback (as errorMessages.noticeClosed), at the top of the
 * notice page, and instead of the form. It lives apart from messages.ts so the
 * notice page can say it without loading the form's messages: its first view
 * must fit in 14 KB (scripts/size-budget.ts).
 */
import { longDate } from './feedback/deadlines';

export function noticeClosedMessage(closedOn: string | null): string {
  return closedOn ? `这份通报已于 ${longDate(closedOn)} 停止接收反馈，您仍可以阅读通报和查询已提交的反馈` : '这份通报已停止接收反馈，您仍可以阅读通报和查询已提交的反馈';
}
