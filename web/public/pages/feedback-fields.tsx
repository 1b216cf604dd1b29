import type { ComponentChildren } from 'preact';
import type { FormNotice } from '../page-data';
import { FieldError } from '../components/error-summary';
import type { Draft } from '../lib/draft';
import { itemHeading } from '../../../worker/notice/item-label';
import { PHOTO_MAX_COUNT } from '../../../worker/photos/limits';

/**
 * The form's fields. Each has the name the server reads when the form is sent without
 * scripts (worker/feedback/input.ts feedbackFromForm), so the same form works both ways.
 */

/** One line under each kind, so that nobody has to guess which to choose. */
export const KIND_HINTS: Record<string, string> = {
  opinion: '对整改工作的看法和评价',
  suggestion: '提出改进整改工作的具体办法',
  report: '整改没有落实到位，或问题仍然存在',
  praise: '整改做得好，给予肯定',
};

// Also read by the server's form route (worker/routes/feedback-form.ts).
export { formErrors } from '../lib/form-errors';

const describedBy = (field: string, error?: string, hint?: string) =>
  [hint, error ? `${field}-error` : null].filter(Boolean).join(' ') || undefined;

const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;

export function ItemField({ notice, value: v, error, onChange }: { notice: FormNotice; value: number | null; error?: string; onChange: (id: number | null) => void }) {
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for="field-itemId">监督哪一项</label>
      <FieldError field="itemId" message={error} />
      <select id="field-itemId" name="itemId" value={v === null ? '' : String(v)} aria-describedby={describedBy('itemId', error)} onChange={(e) => onChange(value(e) === '' ? null : Number(value(e)))}>
        <option value="">整份通报</option>
        {notice.parts.flatMap((part) => [
          ...(part.items.length ? [<optgroup key={`p${part.id}`} label={`${part.label}${part.heading}`}>{part.items.map(itemOption)}</optgroup>] : []),
          ...part.categories
            .filter((c) => c.items.length > 0)
            .map((c) => (
              <optgroup key={`c${c.id}`} label={`${c.label}${c.heading}`}>
                {c.items.map(itemOption)}
              </optgroup>
            )),
        ])}
      </select>
    </div>
  );
}

function itemOption(item: { id: number; fullLabel: string; title: string }) {
  return (
    <option key={item.id} value={String(item.id)}>
      {itemHeading(item)}
    </option>
  );
}

/** The chosen item in full, above the text box: a phone's select cuts it off. */
export function ChosenItem({ heading }: { heading: string }) {
  return (
    <p id="item-chosen" class="chosen">
      监督事项：<strong>{heading}</strong>
    </p>
  );
}

/** The kinds, each with its one-line explanation; none is chosen for the person. */
export function KindField({ kinds, labels, value: v, error, onChange }: { kinds: readonly string[]; labels: Record<string, string>; value: string; error?: string; onChange: (k: string) => void }) {
  return (
    <fieldset class={`field${error ? ' has-error' : ''}`} aria-describedby={describedBy('kind', error)}>
      <legend>反馈类型</legend>
      <FieldError field="kind" message={error} />
      <div class="choices kinds">
        {kinds.map((k, i) => (
          <label key={k} class="choice">
            <input type="radio" name="kind" id={i === 0 ? 'field-kind' : undefined} value={k} checked={v === k} aria-describedby={`kind-${k}`} onChange={() => onChange(k)} />
            <span>
              {labels[k]}
              {/* Read as the radio's description, not as part of its name. */}
              <span id={`kind-${k}`} class="hint" aria-hidden="true">
                {KIND_HINTS[k]}
              </span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function ContentField({ value: v, max, count, error, onChange }: { value: string; max: number; count: number; error?: string; onChange: (s: string) => void }) {
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for="field-content">反馈内容</label>
      <p id="content-hint" class="hint">
        请写清楚哪里没有落实到位、您看到了什么。不要填写他人的个人信息。
      </p>
      <FieldError field="content" message={error} />
      <textarea id="field-content" name="content" rows={7} value={v} aria-invalid={error ? true : undefined} aria-describedby={describedBy('content', error, 'item-chosen content-hint content-count')} onInput={(e) => onChange(value(e))} />
      <p id="content-count" class={`hint${count > max ? ' over' : ''}`}>
        已输入 {count} 字，最多 {max} 字
      </p>
    </div>
  );
}

function TextField(props: { field: 'name' | 'phone' | 'email'; label: string; type: string; autocomplete: string; inputmode: string; value: string; error?: string; onChange: (s: string) => void }) {
  const { field, error } = props;
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={`field-${field}`}>{props.label}（选填）</label>
      <FieldError field={field} message={error} />
      <input id={`field-${field}`} name={field} type={props.type} autoComplete={props.autocomplete} inputMode={props.inputmode as 'text'} value={props.value} aria-invalid={error ? true : undefined} aria-describedby={describedBy(field, error)} onInput={(e) => props.onChange(value(e))} />
    </div>
  );
}

/** `all`: no script runs (yet), so nothing is hidden that only a script could show again. */
export function ContactFields({ draft, errors, issuer, all, onChange }: { draft: Draft; errors: Record<string, string>; issuer: string; all: boolean; onChange: (p: Partial<Draft>) => void }) {
  const anyContact = [draft.name, draft.phone, draft.email].some((s) => s.trim() !== '');
  return (
    <>
      <div class="field">
        <label class="choice switch">
          <input type="checkbox" id="field-anonymous" name="anonymous" value="1" checked={draft.anonymous} onChange={(e) => onChange({ anonymous: (e.currentTarget as HTMLInputElement).checked })} />
          匿名提交（不留姓名和联系方式）
        </label>
      </div>
      {(all || !draft.anonymous) && (
        <fieldset class="field">
          <legend>联系方式（选填，便于我们向您核实和答复）</legend>
          <TextField field="name" label="姓名" type="text" autocomplete="name" inputmode="text" value={draft.name} error={errors.name} onChange={(name) => onChange({ name })} />
          <TextField field="phone" label="电话" type="tel" autocomplete="tel" inputmode="tel" value={draft.phone} error={errors.phone} onChange={(phone) => onChange({ phone })} />
          <TextField field="email" label="电子邮箱" type="email" autocomplete="email" inputmode="email" value={draft.email} error={errors.email} onChange={(email) => onChange({ email })} />
          {(all || anyContact || errors.consent) && (
            <div class={`field consent${errors.consent ? ' has-error' : ''}`}>
              <p id="privacy" class="hint">
                个人信息说明：您留下的姓名、电话和邮箱只交给{issuer}负责办理群众反馈的工作人员，仅用于核实情况和答复您，不公开、不作他用；反馈办结后保存三年，期满删除。
              </p>
              <FieldError field="consent" message={errors.consent} />
              <label class="choice">
                <input type="checkbox" id="field-consent" name="consent" value="1" checked={draft.consent} aria-describedby={describedBy('consent', errors.consent, 'privacy')} onChange={(e) => onChange({ consent: (e.currentTarget as HTMLInputElement).checked })} />
                我已阅读并同意以上个人信息说明
              </label>
            </div>
          )}
        </fieldset>
      )}
    </>
  );
}

/**
 * A field people never see (display:none, out of the tab order, no autofill) but form-filling
 * programs find by its name: whatever arrives in `website` marks the submission as spam.
 */
export function HoneypotField() {
  return (
    <div class="trap" aria-hidden="true">
      <label for="field-website">网站</label>
      <input id="field-website" name="website" type="text" tabIndex={-1} autoComplete="off" />
    </div>
  );
}

/**
 * Photos, with scripts only: the form sent without them carries text alone. The input has no
 * name for the same reason. What handles the chosen files (components/photo-picker.tsx) loads
 * once someone chooses one; `children` is its list of thumbnails.
 */
export function PhotoField({ error, onChoose, children }: { error?: string; onChoose: (files: File[]) => void; children?: ComponentChildren }) {
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for="field-photos">照片（选填，最多 {PHOTO_MAX_COUNT} 张）</label>
      <p id="photos-hint" class="hint">
        照片中的位置等信息会在上传前删除。
      </p>
      <FieldError field="photos" message={error} />
      <input
        id="field-photos"
        type="file"
        accept="image/jpeg,image/png"
        multiple
        aria-describedby={describedBy('photos', error, 'photos-hint')}
        onChange={(e) => {
          const input = e.currentTarget as HTMLInputElement;
          onChoose([...input.files!]);
          // The same photo may be chosen again after 删除.
          input.value = '';
        }}
      />
      {children}
    </div>
  );
}
