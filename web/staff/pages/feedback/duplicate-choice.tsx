/**
 * Which feedback this one repeats: the likely duplicates the server finds (same
 * notice, close wording, those on the same item first, in the user's scope) as
 * choices with their reference, date and opening words; typing a reference stays
 * possible for one it did not find.
 */
import { TextInput } from '../../components/fields';
import { FieldError } from '../../components/error-summary';
import { nothing } from '../../lib/api';
import { instantDate } from '../../lib/format';
import { staffApi, type FeedbackDetail, type SimilarFeedback } from '../../lib/staff-api';
import type { Form } from '../../lib/use-form';
import { useResource } from '../../lib/use-resource';
import { itemHeading } from '../../../../worker/notice/item-label';

/** The choice that reveals the reference box. */
export const OTHER = 'other';
const REF_HINT = '填写那条反馈的编号，如 DX-2611-7K3Q。反映人会看到这个编号';

export interface DuplicateInput {
  choice: string;
  typed: string;
}

/** The reference to send, from the choice made. */
export function duplicateRef(d: DuplicateInput, offered: boolean): string {
  return !offered || d.choice === OTHER ? d.typed : d.choice;
}

/** The likely duplicates, asked for only once 重复 is chosen. */
export function useSimilar(f: FeedbackDetail, wanted: boolean) {
  return useResource<{ similar: SimilarFeedback[] } | null>(() => (wanted ? staffApi.similar(f.id) : nothing()), wanted ? `similar:${f.id}:${f.updatedAt}` : 'similar:none');
}

export function DuplicateChoice({ form, similar, value, onChange }: {
  form: Form; similar: ReturnType<typeof useSimilar>; value: DuplicateInput; onChange: (d: DuplicateInput) => void;
}) {
  if (similar.loading && !similar.data) return <p class="loading">正在查找相似的反馈…</p>;
  const found = similar.data?.similar ?? [];
  if (found.length === 0) {
    return (
      <>
        <p class="hint">没有找到内容相似的反馈。</p>
        <TextInput form={form} name="duplicateOf" label="与哪条反馈重复" hint={REF_HINT} value={value.typed} onInput={(typed) => onChange({ ...value, typed })} width="medium" />
      </>
    );
  }
  const id = form.id('duplicateOf');
  const error = form.error('duplicateOf');
  const radio = (choice: string, i: number) => ({
    type: 'radio',
    id: i === 0 ? id : `${id}-${i}`,
    name: id,
    value: choice,
    checked: value.choice === choice,
    onChange: () => onChange({ ...value, choice }),
  });
  return (
    <fieldset class={`field duplicate-choices${error ? ' has-error' : ''}`} aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].join(' ').trim()}>
      <legend>与哪条反馈重复</legend>
      <p id={`${id}-hint`} class="hint">
        内容相似的反馈，同一事项的排在前面。反映人会看到所选反馈的编号。
      </p>
      <FieldError id={id} message={error} />
      <div class="choices">
        {found.map((s, i) => (
          <label key={s.id} class="choice duplicate-choice">
            <input {...radio(s.ref, i)} />
            <span>
              <span class="ref">{s.ref}</span> <span class="meta">{instantDate(s.receivedAt)}</span>{' '}
              {s.sameItem ? <span class="tag tag-same-item">同一事项</span> : <span class="meta">{itemHeading(s.item)}</span>}
              <span class="excerpt">{s.excerpt}</span>
            </span>
          </label>
        ))}
        <label class="choice">
          <input {...radio(OTHER, found.length)} />
          其他反馈（填写编号）
        </label>
        {value.choice === OTHER && (
          <div class="reveal">
            <TextInput form={form} name="duplicateRef" label="反馈编号" hint={REF_HINT} value={value.typed} onInput={(typed) => onChange({ ...value, typed })} width="medium" />
          </div>
        )}
      </div>
    </fieldset>
  );
}
