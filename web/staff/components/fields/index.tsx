/**
 * Form fields, GOV.UK style: a label (or legend), an optional hint, the error
 * beside the field, and the control described by both. The control's id is
 * the form's id for the field, which the error summary links to. A date field
 * (`type="date"`) is a text field in YYYY-MM-DD, never the browser's own picker
 * (date.tsx says why).
 */
import type { ComponentChildren } from 'preact';
import type { Form } from '../../lib/use-form';
import { FieldError } from '../error-summary';
import { DATE_HINT, DATE_PATTERN, DATE_PLACEHOLDER, normaliseDate } from './date';

export { DATE_FORMAT_RULE, DATE_HINT, DATE_MESSAGE, dateProblem, normaliseDate, normaliseTime } from './date';

const describedBy = (id: string, error?: string, hint?: ComponentChildren) =>
  [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;

const valueOf = (e: Event) => (e.currentTarget as HTMLInputElement).value;

interface Common {
  form: Form;
  name: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
}

function Frame({ form, name, label, hint, children }: Common & { children: ComponentChildren }) {
  const id = form.id(name);
  const error = form.error(name);
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      <FieldError id={id} message={error} />
      {children}
    </div>
  );
}

type TextInputProps = Common & {
  value: string;
  onInput: (v: string) => void;
  type?: string;
  autoComplete?: string;
  inputMode?: string;
  width?: 'short' | 'medium';
  /** Kept for callers; a date field's limits are the server's to check and say. */
  max?: string;
  min?: string;
  placeholder?: string;
  pattern?: string;
  /** Called with the value when the field is left or Enter is pressed (to tidy what was typed). */
  onCommit?: (v: string) => void;
  /** A control that belongs with the field, after it on the same line (a password's 显示密码). */
  after?: ComponentChildren;
};

export function TextInput(props: TextInputProps) {
  if (props.type === 'date') return <DateInput {...props} />;
  const id = props.form.id(props.name);
  const error = props.form.error(props.name);
  return (
    <Frame {...props}>
      <input
        id={id}
        name={props.name}
        class={props.width ? `width-${props.width}` : undefined}
        type={props.type ?? 'text'}
        autoComplete={props.autoComplete ?? 'off'}
        inputMode={props.inputMode as 'text' | undefined}
        max={props.max}
        min={props.min}
        placeholder={props.placeholder}
        pattern={props.pattern}
        value={props.value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, props.hint)}
        onInput={(e) => props.onInput(valueOf(e))}
        onChange={props.onCommit ? (e) => props.onCommit!(valueOf(e)) : undefined}
      />
      {props.after}
    </Frame>
  );
}

/**
 * A date, YYYY-MM-DD, as text whatever the browser's locale: numeric keyboard,
 * an example as placeholder, the format in the hint, tidied to YYYY-MM-DD when left.
 */
export function DateInput(props: Omit<TextInputProps, 'type'>) {
  const hint = props.hint ? (
    <>
      {props.hint}。{DATE_HINT}
    </>
  ) : (
    DATE_HINT
  );
  return (
    <TextInput
      {...props}
      type="text"
      hint={hint}
      inputMode="numeric"
      placeholder={DATE_PLACEHOLDER}
      pattern={DATE_PATTERN}
      width={props.width ?? 'medium'}
      onCommit={(v) => {
        const tidy = normaliseDate(v);
        if (tidy !== v) props.onInput(tidy);
      }}
    />
  );
}

export function TextArea(props: Common & { value: string; onInput: (v: string) => void; rows?: number }) {
  const id = props.form.id(props.name);
  const error = props.form.error(props.name);
  return (
    <Frame {...props}>
      <textarea id={id} name={props.name} rows={props.rows ?? 5} value={props.value} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, props.hint)} onInput={(e) => props.onInput(valueOf(e))} />
    </Frame>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function Select(props: Common & { value: string; options: Option[]; groups?: Array<{ label: string; options: Option[] }>; onChange: (v: string) => void }) {
  const id = props.form.id(props.name);
  const error = props.form.error(props.name);
  const option = (o: Option) => (
    <option key={o.value} value={o.value}>
      {o.label}
    </option>
  );
  return (
    <Frame {...props}>
      <select id={id} name={props.name} value={props.value} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, props.hint)} onChange={(e) => props.onChange(valueOf(e))}>
        {props.options.map(option)}
        {props.groups?.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.options.map(option)}
          </optgroup>
        ))}
      </select>
    </Frame>
  );
}

/** Radios in a fieldset; `reveal` shows the inputs that a choice needs right under it (GOV.UK conditional reveal). */
export function Radios(props: Omit<Common, 'label'> & { legend: ComponentChildren; value: string; options: Option[]; onChange: (v: string) => void; reveal?: (value: string) => ComponentChildren; inline?: boolean }) {
  const id = props.form.id(props.name);
  const error = props.form.error(props.name);
  return (
    <fieldset class={`field${error ? ' has-error' : ''}`} aria-describedby={describedBy(id, error, props.hint)}>
      <legend>{props.legend}</legend>
      {props.hint && (
        <p id={`${id}-hint`} class="hint">
          {props.hint}
        </p>
      )}
      <FieldError id={id} message={error} />
      <div class={props.inline ? 'choices inline' : 'choices'}>
        {props.options.map((o, i) => (
          <div key={o.value}>
            <label class="choice">
              <input type="radio" id={i === 0 ? id : `${id}-${o.value}`} name={id} value={o.value} checked={props.value === o.value} onChange={() => props.onChange(o.value)} />
              {o.label}
            </label>
            {props.value === o.value && props.reveal && <div class="reveal">{props.reveal(o.value)}</div>}
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export function Checkbox(props: Common & { checked: boolean; onChange: (v: boolean) => void }) {
  const id = props.form.id(props.name);
  const error = props.form.error(props.name);
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      {props.hint && (
        <p id={`${id}-hint`} class="hint">
          {props.hint}
        </p>
      )}
      <FieldError id={id} message={error} />
      <label class="choice">
        <input type="checkbox" id={id} name={props.name} checked={props.checked} aria-describedby={describedBy(id, error, props.hint)} onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)} />
        {props.label}
      </label>
    </div>
  );
}

export function SubmitButton({ form, children, secondary }: { form: Form; children: ComponentChildren; secondary?: boolean }) {
  return (
    // Not `disabled`: that would drop the focus; the form ignores a second press while it waits.
    <button type="submit" class={`button${secondary ? ' secondary' : ''}`} aria-disabled={form.busy || undefined}>
      {children}
    </button>
  );
}
