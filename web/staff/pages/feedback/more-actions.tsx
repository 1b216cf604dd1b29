/**
 * The one extension of the reply period, with the day it would move the reply's
 * date to shown as the days are typed. (The department is department.tsx;
 * handing feedback back, hand-back.tsx.)
 */
import { useState } from 'preact/hooks';
import { addDays } from '../../../../worker/feedback/deadlines';
import { REASON_MAX } from '../../../../worker/staff/workflow';
import { longDate } from '../../lib/format';
import { ErrorSummary } from '../../components/error-summary';
import { SubmitButton, TextArea, TextInput } from '../../components/fields';
import { staffApi, type FeedbackDetail } from '../../lib/staff-api';
import { useForm } from '../../lib/use-form';
import { useSession } from '../../state/session';

export function ExtensionForm({ f, onDone }: { f: FeedbackDetail; onDone: (f: FeedbackDetail, message: string) => void }) {
  const form = useForm('extend');
  const session = useSession().state;
  const maxDays = session.is === 'signed-in' ? session.maxExtensionDays : null;
  const [days, setDays] = useState('');
  const [reason, setReason] = useState('');
  if (!f.allowedActions.extend) return null;
  // The one extension adds its days to the reply's date (workflow.ts planExtension); shown only for a number it would take.
  const typed = /^\d{1,3}$/.test(days.trim()) ? Number(days.trim()) : null;
  const preview = typed !== null && typed >= 1 && (maxDays === null || typed <= maxDays) ? addDays(f.replyBy, typed) : null;
  const submit = async (e: Event) => {
    e.preventDefault();
    const n = days.trim() === '' ? null : Number(days.trim());
    const done = await form.submit(() => staffApi.extend(f, n as number, reason));
    if (!done) return;
    onDone(done, `已延期 ${done.extension?.days ?? n} 天`);
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="extend-title">
      <h3 id="extend-title">延长答复期限</h3>
      <p class="hint">按规定只能延期一次，延期天数和理由将告知反映人。</p>
      <ErrorSummary form={form} />
      <TextInput form={form} name="days" label="延期天数" hint={maxDays ? `1 至 ${maxDays} 天` : undefined} type="text" inputMode="numeric" width="short" value={days} onInput={setDays} />
      <p class="hint" aria-live="polite" data-testid="extension-preview">
        {preview ? `延期后答复期限：${longDate(preview)}（原为 ${longDate(f.replyBy)}）` : `当前答复期限：${longDate(f.replyBy)}`}
      </p>
      <TextArea form={form} name="reason" label="延期理由" hint={`最多 ${REASON_MAX} 字`} value={reason} onInput={setReason} rows={3} />
      <SubmitButton form={form} secondary>
        延期
      </SubmitButton>
    </form>
  );
}
