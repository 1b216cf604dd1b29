/**
 * The form's draft, saved as the person types and restored after a reload or a crash.
 *
 * Only what the feedback says is kept (the item, the kind, the text, 匿名): never the name,
 * phone or e-mail, nor the consent given for them. A phone may be shared or borrowed, and a
 * draft outlives the visit; the next person must not find a stranger's number in the form, or
 * their consent already given. Contact details are a few words to type again (the form asks for
 * them again when it restores a draft that was not 匿名: pages/feedback-form.tsx); the text is
 * what a lost draft would cost. (Once 提交 is pressed, the submission, contact details and all,
 * waits in the outbox until it is stored: lib/outbox.ts.)
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

/** The draft without its writer: what may stay on the phone. */
const kept = (d: Draft | null): Draft | null => d && { ...d, name: '', phone: '', email: '', consent: false };

/** The saved draft; one saved before contact details were left out loses them here, on the phone too. */
export function loadDraft(slug: string): Draft | null {
  const draft = kept(load<Draft | null>(key(slug), null));
  saveDraft(slug, draft);
  return draft;
}

export function saveDraft(slug: string, draft: Draft | null): void {
  save(key(slug), kept(draft));
}
