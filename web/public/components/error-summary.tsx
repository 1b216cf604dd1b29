import { useEffect, useRef } from 'preact/hooks';

export interface FormError {
  field: string | null;
  message: string;
  /** A problem of the whole form with a way out elsewhere: the message links there (a `tel:` to the office). */
  href?: string;
}

/**
 * GOV.UK's error summary: at the top, takes focus when it appears, and links to
 * each field with a problem.
 */
export function ErrorSummary({ errors, version }: { errors: FormError[]; version: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length > 0) ref.current?.focus();
  }, [version]);
  if (errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">请修改以下问题</h2>
      <ul>
        {errors.map((e) => (
          <li key={e.field ?? e.message}>{e.field || e.href ? <a href={e.href || `#field-${e.field}`}>{e.message}</a> : e.message}</li>
        ))}
      </ul>
    </div>
  );
}

export function FieldError({ field, message }: { field: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={`${field}-error`} class="field-error">
      <span class="visually-hidden">错误：</span>
      {message}
    </p>
  );
}
