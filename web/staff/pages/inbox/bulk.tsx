/**
 * Bulk triage on the inbox: the rows ticked in the table are accepted, marked
 * as 无效 or given to a department in one step (POST /api/staff/feedback/bulk,
 * each feedback changed and audited as its single action would be). What could
 * not be done to some is listed by reference with the reason; the list and the
 * counts are read again, and the rows still listed stay ticked, so a clerk can
 * accept a set and then give it to a department.
 *
 * The bar is always there for those who may act, so ticking the first row
 * moves nothing under the pointer.
 *
 * 标为无效 asks once more before it acts: the submitters see 无效 on their
 * tracking pages, and a slip of the pointer on a list would mark a whole set.
 * Once confirmed, the confirmation goes away and the focus moves to the result.
 *
 * An action that none of the ticked rows can take (受理 of feedback already
 * accepted) is marked aria-disabled, with the reason beside the bar and said
 * again if pressed; a result with nothing done is a warning, not a success.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { InboxRow } from '../../../../worker/db/staff-inbox';
import { ASSIGNABLE_STATUSES, FORWARD, type FeedbackStatus } from '../../../../worker/staff/workflow';
import { ErrorSummary } from '../../components/error-summary';
import { staffApi, type BulkAction, type BulkAnswer, type Department } from '../../lib/staff-api';
import { useForm } from '../../lib/use-form';
import { useAnnounce } from '../../state/announcer';

const DONE: Record<BulkAction, string> = { accept: '已受理', spam: '已标为无效', assign: '已指派' };

/** Whether a feedback of this status can take the action (staff/bulk.ts planBulk: forward steps only). */
const TAKES: Record<BulkAction, (status: FeedbackStatus) => boolean> = {
  accept: (status) => FORWARD[status].includes('accepted'),
  spam: (status) => FORWARD[status].includes('spam'),
  assign: (status) => (ASSIGNABLE_STATUSES as readonly FeedbackStatus[]).includes(status),
};

/** Why an action is off when none of the ticked feedback can take it. */
const NONE_TAKES: Record<BulkAction, string> = {
  accept: '所选反馈都不是“待受理”，无需受理',
  spam: '所选反馈都不是“待受理”，不能标为无效',
  assign: '所选反馈都已答复或已结束处理，不能更改承办部门',
};

export function BulkBar({
  rows, selected, departments, mayAssign, readAt, onDone,
}: { rows: InboxRow[]; selected: number[]; departments: Department[]; mayAssign: boolean; readAt: number | null; onDone: () => void }) {
  const form = useForm('bulk');
  const announce = useAnnounce();
  const [department, setDepartment] = useState('');
  const [failures, setFailures] = useState<Array<{ ref: string; message: string }>>([]);
  const [confirmingSpam, setConfirmingSpam] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const none = selected.length === 0;
  // Rows not listed (yet) might take it: only the rows read can rule an action out.
  const ticked = selected.map((id) => rows.find((r) => r.id === id));
  const off = (action: BulkAction) => !none && ticked.every((r) => r !== undefined && !TAKES[action](r.status));
  const reasons = (['accept', 'spam', ...(mayAssign ? ['assign' as const] : [])] as BulkAction[]).filter(off).map((a) => NONE_TAKES[a]);
  const reasonId = 'bulk-off-reason';
  const disabled = (action: BulkAction) => none || form.busy || off(action) || undefined;
  const describedBy = (action: BulkAction) => (off(action) ? reasonId : undefined);
  useEffect(() => {
    if (confirmingSpam) confirmButton.current?.focus();
  }, [confirmingSpam]);

  const run = async (action: BulkAction, confirmed = false) => {
    if (none) {
      form.show([{ field: null, message: '请先勾选要处理的反馈' }]);
      return;
    }
    if (off(action)) {
      form.show([{ field: null, message: NONE_TAKES[action] }]);
      return;
    }
    if (action === 'spam' && !confirmed) {
      setConfirmingSpam(true);
      return;
    }
    setConfirmingSpam(false);
    if (action === 'assign' && !department) {
      form.show([{ field: 'department', message: '请选择要指派的部门' }]);
      return;
    }
    const answer: BulkAnswer | null = await form.submit(() =>
      staffApi.bulk({ action, ids: selected, ...(action === 'assign' ? { departmentId: Number(department) } : {}), ...(readAt !== null ? { readAt } : {}) }),
    );
    if (!answer) return;
    const refOf = (id: number) => rows.find((r) => r.id === id)?.ref ?? `#${id}`;
    const failed = answer.results.flatMap((r) => (r.ok ? [] : [{ ref: refOf(r.id), message: r.error.message }]));
    setFailures(failed);
    const where = action === 'assign' ? `给${departments.find((d) => String(d.id) === department)?.name ?? '所选部门'}` : '';
    // Focus: a confirmation answered has gone, and would leave it on the page's body.
    announce(`${DONE[action]}${where} ${answer.done} 条反馈${failed.length > 0 ? `，${failed.length} 条未处理，原因见列表上方` : ''}`, {
      tone: answer.done === 0 ? 'warning' : 'success',
      focus: action === 'spam',
    });
    onDone();
  };

  return (
    <section class="bulk" aria-label="批量处理">
      <ErrorSummary form={form} />
      <div class="bulk-bar">
        <p class="bulk-count" aria-live="polite">
          已选 <strong>{selected.length}</strong> 条
        </p>
        <button type="button" class="button small" aria-disabled={disabled('accept')} aria-describedby={describedBy('accept')} onClick={() => void run('accept')}>
          受理
        </button>
        <button type="button" class="button small secondary" aria-disabled={disabled('spam')} aria-describedby={describedBy('spam')} onClick={() => void run('spam')}>
          标为无效
        </button>
        {mayAssign && (
          <span class={`bulk-assign${form.error('department') ? ' has-error' : ''}`}>
            <label for={form.id('department')}>指派部门</label>
            <select id={form.id('department')} value={department} aria-invalid={form.error('department') ? true : undefined} onChange={(e) => setDepartment((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">请选择部门</option>
              {departments.map((d) => (
                <option key={d.id} value={String(d.id)}>
                  {d.name}
                </option>
              ))}
            </select>
            <button type="button" class="button small secondary" aria-disabled={disabled('assign')} aria-describedby={describedBy('assign')} onClick={() => void run('assign')}>
              指派
            </button>
          </span>
        )}
      </div>
      {reasons.length > 0 && (
        <p id={reasonId} class="hint bulk-off">
          {reasons.join('；')}
        </p>
      )}
      {confirmingSpam && !none && (
        <div class="notice bulk-confirm" role="group" aria-label="确认标为无效">
          <p>
            确认将已选的 <strong>{selected.length}</strong> 条反馈标为无效？反映人会在查询页面看到“无效”，这些反馈不再办理。
          </p>
          <button type="button" ref={confirmButton} class="button small danger" aria-disabled={form.busy || undefined} onClick={() => void run('spam', true)}>
            确认标为无效
          </button>{' '}
          <button type="button" class="button small secondary" onClick={() => setConfirmingSpam(false)}>
            取消
          </button>
        </div>
      )}
      {failures.length > 0 && (
        <div class="notice bulk-failures">
          <p>以下反馈未处理：</p>
          <ul>
            {failures.map((f) => (
              <li key={f.ref}>
                <span class="ref">{f.ref}</span>：{f.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
