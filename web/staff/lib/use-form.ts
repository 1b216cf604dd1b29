/**
 * One form's problems, GOV.UK style: a list for the error summary, one message
 * per field beside it, and a version that moves focus to the summary each time
 * the form is refused. The page learns of them to prefix its title with 错误：.
 */
import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { ApiError, Result } from './api';

export interface FormError {
  field: string | null;
  message: string;
}

/** Which forms on the screen show errors (see components/page). */
export const PageErrors = createContext<{ report: (key: string, failing: boolean) => void; failing: boolean }>({ report: () => {}, failing: false });

export interface Form {
  /** Prefix of the form's element ids: field `reason` of form `extend` is `#extend-reason`. */
  name: string;
  errors: FormError[];
  version: number;
  busy: boolean;
  id: (field: string) => string;
  error: (field: string) => string | undefined;
  show: (errors: FormError[]) => void;
  /** Runs a request; on refusal shows the server's errors and returns null. */
  submit: <T>(send: () => Promise<Result<T>>) => Promise<T | null>;
}

export function errorsOf(e: ApiError): FormError[] {
  return e.fields && Object.keys(e.fields).length > 0
    ? Object.entries(e.fields).map(([field, message]) => ({ field, message }))
    : [{ field: null, message: e.message }];
}

export function useForm(name: string): Form {
  const [errors, setErrors] = useState<FormError[]>([]);
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState(false);
  // A second press before the first answer must not send twice (manual entry has no idempotency key).
  const sending = useRef(false);
  const { report } = useContext(PageErrors);
  useEffect(() => report(name, errors.length > 0), [errors]);
  useEffect(() => () => report(name, false), []);

  const show = (list: FormError[]) => {
    setErrors(list);
    setVersion((v) => v + 1);
  };
  return {
    name,
    errors,
    version,
    busy,
    id: (field) => `${name}-${field}`,
    error: (field) => errors.find((e) => e.field === field)?.message,
    show,
    async submit(send) {
      if (sending.current) return null;
      sending.current = true;
      setBusy(true);
      try {
        const r = await send();
        if (r.ok) {
          show([]);
          return r.value;
        }
        show(errorsOf(r.error));
        return null;
      } finally {
        sending.current = false;
        setBusy(false);
      }
    },
  };
}
