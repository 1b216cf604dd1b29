/**
 * Internal notes: for colleagues only, never shown to the submitter.
 */
import { useState } from 'preact/hooks';
import { NOTE_MAX } from '../../../../worker/staff/workflow';
import { ErrorSummary } from '../../components/error-summary';
import { SubmitButton, TextArea } from '../../components/fields';
import { instantDateTime, isoInstant } from '../../lib/format';
import { staffApi, type FeedbackDetail } from '../../lib/staff-api';
import { useForm } from '../../lib/use-form';

export function Notes({ f, onDone }: { f: FeedbackDetail; onDone: (f: FeedbackDetail, message: string) => void }) {
  const form = useForm('note');
  const [text, setText] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    const done = await form.submit(() => staffApi.addNote(f.id, text));
    if (!done) return;
    setText('');
    onDone(done, '已添加内部备注');
  };
  return (
    <section aria-labelledby="notes-title">
      <h2 id="notes-title">内部备注</h2>
      <p class="hint">备注只有工作人员能看到，不会告知反映人。</p>
      {f.notes.length === 0 ? (
        <p>还没有备注。</p>
      ) : (
        <ul class="notes">
          {f.notes.map((n) => (
            <li key={n.id}>
              <p class="meta">
                <time dateTime={isoInstant(n.at)}>{instantDateTime(n.at)}</time> {n.actor?.displayName}
              </p>
              <p class="note-text">{n.text}</p>
            </li>
          ))}
        </ul>
      )}
      {f.allowedActions.note && (
        <form onSubmit={submit} noValidate>
          <ErrorSummary form={form} />
          <TextArea form={form} name="text" label="添加备注" hint={`最多 ${NOTE_MAX} 字`} value={text} onInput={setText} rows={3} />
          <SubmitButton form={form} secondary>
            添加备注
          </SubmitButton>
        </form>
      )}
    </section>
  );
}
