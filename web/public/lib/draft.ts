/**
 * The form's draft, saved as the person types and restored after a reload or a crash.
 */
import { load, save } from './storage';

export interface Draft {
  itemId: number | null;
  kind: string;
  content: string;
  anonymous: boolean;
  name: string;
  phone: string;
  email: string;
  consent: boolean;
}

const key = (slug: string) => `rw.draft.${slug}`;

export function loadDraft(slug: string): Draft | null {
  return load<Draft | null>(key(slug), null);
}

export function saveDraft(slug: string, draft: Draft | null): void {
  save(key(slug), draft);
}
