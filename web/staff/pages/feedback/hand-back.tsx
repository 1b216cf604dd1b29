/**
 * 退回: a handler of the department a feedback was given to hands it back to
 * the clerks as not theirs, with the reason (for staff only). It then leaves the
 * handler's inbox, so the page shows what was returned rather than the feedback.
 */
import { useState } from 'preact/hooks';
import { REASON_MAX } from '../../../../worker/staff/workflow';
import { ErrorSummary } from '../../components/error-summary';
import { SubmitButton, TextArea } from '../../components/fields';
import { staffApi, type FeedbackDetail, type ReturnedFeedback } from '../../lib/staff-api';
import { useForm } from '../../lib/use-form';

export function HandBackForm({ f, onReturned }: { f: FeedbackDetail; onReturned: (r: ReturnedFeedback) => void }) {
  const form = useForm('return');
  const [reason, setReason] = useState('');
  if (!f.allowedActions.return) return null;
  const submit = async (e: Event) => {
    e.preventDefault();
    const done = await form.submit(() => staffApi.handBack(f, reason));
    if (done) onReturned(done);
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="return-title">
      <h3 id="return-title">退回</h3>
      <p class="hint">不属于{f.department?.name ?? '本部门'}办理的反馈，退回给分办人员重新指定承办部门。</p>
      <ErrorSummary form={form} />
      <TextArea form={form} name="reason" label="退回理由" hint={`为什么不属于本部门办理，最多 ${REASON_MAX} 字。理由只有工作人员能看到`} value={reason} onInput={setReason} rows={3} />
      <SubmitButton form={form} secondary>
        退回给分办人员
      </SubmitButton>
    </form>
  );
}
