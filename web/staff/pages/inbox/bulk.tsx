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
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { InboxRow } from '../../../../worker/db/staff-inbox';
import { ErrorSummary } from '../../components/error-summary';
import { staffApi, type BulkAction, type BulkAnswer, type Department } from '../../lib/staff-api';
import { useForm } from '../../lib/use-form';
import { useAnnounce } from '../../state/announcer';

const DONE: Record<BulkAction, string> = { accept: '已受理', spam: '已标为无效', assign: '已指派' };

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
  useEffect(() => {
    if (confirmingSpam) confirmButton.current?.focus();
  }, [confirmingSpam]);

  const run = async (action: BulkAction, confirmed = false) => {
    if (none) {
      form.show([{ field: null, message: '请先勾选要处理的反馈' }]);
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
    announce(`${DONE[action]}${where} ${answer.done} 条反馈${failed.length > 0 ? `，${failed.length} 条未处理，原因见列表上方` : ''}`);
    onDone();
  };

  return (
    <section class="bulk" aria-label="批量处理">
      <ErrorSummary form={form} />
      <div class="bulk-bar">
        <p class="bulk-count" aria-live="polite">
          已选 <strong>{selected.length}</strong> 条
        </p>
        <button type="button" class="button small" aria-disabled={none || form.busy || undefined} onClick={() => void run('accept')}>
          受理
        </button>
        <button type="button" class="button small secondary" aria-disabled={none || form.busy || undefined} onClick={() => void run('spam')}>
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
            <button type="button" class="button small secondary" aria-disabled={none || form.busy || undefined} onClick={() => void run('assign')}>
              指派
            </button>
          </span>
        )}
      </div>
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
