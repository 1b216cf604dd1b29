/**
 * Whom to call about a reference when the query code is lost: the office of the
 * notice the reference's prefix names (DX-… is the notice whose prefix is DX,
 * which every printed reference shows), or, for a prefix no notice has, every
 * public notice's office. The reference itself is never looked up, so the answer
 * is the same whether it exists or not. Pure: the public page uses it too.
 */

export interface NoticeContact {
  refPrefix: string;
  issuer: string;
  phone: string;
}

/** At most this many numbers are listed for a prefix no notice has. */
const MAX_LISTED = 3;

export function contactsFor(ref: string, contacts: readonly NoticeContact[]): NoticeContact[] {
  const prefix = ref.trim().toUpperCase().split(/[-‐－—_\s]/)[0] ?? '';
  const named = contacts.filter((c) => c.refPrefix === prefix);
  const chosen = named.length > 0 ? named : contacts;
  const seen = new Set<string>();
  return chosen.filter((c) => !seen.has(c.phone) && seen.add(c.phone)).slice(0, MAX_LISTED);
}
