/**
 * GOV.UK's error summary: at the top of the form, takes focus each time the form
 * is refused, and links to each field with a problem. The links move focus
 * themselves: following `#field` would change the console's hash route.
 */
import { useContext, useEffect, useRef } from 'preact/hooks';
import { PageErrors, type Form } from '../../lib/use-form';
import type { ApiError } from '../../lib/api';

function focusField(id: string) {
  return (e: Event) => {
    e.preventDefault();
    const el = document.getElementById(id);
    if (!el) return;
    el.focus();
    el.scrollIntoView({ block: 'center' });
  };
}

export function ErrorSummary({ form }: { form: Form }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (form.errors.length > 0) ref.current?.focus();
  }, [form.version]);
  if (form.errors.length === 0) return null;
  const titleId = `${form.name}-error-title`;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby={titleId}>
      <h2 id={titleId}>请修改以下问题</h2>
      <ul>
        {form.errors.map((e) => (
          <li key={`${e.field}:${e.message}`}>
            {e.field ? (
              <a href={`#${form.id(e.field)}`} onClick={focusField(form.id(e.field))}>
                {e.message}
              </a>
            ) : (
              e.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={`${id}-error`} class="field-error">
      <span class="visually-hidden">错误：</span>
      {message}
    </p>
  );
}

/** A screen that could not load: said as an alert, and the page title says 错误：. */
let loadErrors = 0;

export function LoadError({ error }: { error: ApiError }) {
  const { report } = useContext(PageErrors);
  const key = useRef(`load-${++loadErrors}`).current;
  useEffect(() => {
    report(key, true);
    return () => report(key, false);
  }, []);
  return (
    <div class="error-summary" role="alert">
      <p>
        <span class="visually-hidden">错误：</span>
        {error.message}
      </p>
      {error.fields && (
        <ul>
          {Object.entries(error.fields).map(([field, message]) => (
            <li key={field}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
