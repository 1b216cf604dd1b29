/**
 * The feedback form's errors in the order of its fields, one per field, as the error summary
 * lists them: for the sending code's own check, the API's answer, and the server's form route.
 * Apart from the fields themselves, so that the form's first view does not carry it.
 */
import type { FormError } from '../components/error-summary';

const FIELD_ORDER = ['itemId', 'kind', 'content', 'photos', 'anonymous', 'name', 'phone', 'email', 'consent'];

export function formErrors(fields: Record<string, string>): FormError[] {
  const rank = (f: string) => (FIELD_ORDER.indexOf(f) + 1 || 99);
  return Object.keys(fields)
    .sort((a, b) => rank(a) - rank(b))
    .map((field) => ({ field, message: fields[field]! }));
}

