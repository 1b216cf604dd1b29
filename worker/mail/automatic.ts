/**
 * Mail that no person wrote to us: auto-replies, bounces, lists and bulk mail. Such mail is
 * never made feedback and never answered, so that our answer and another robot's cannot
 * ping-pong (RFC 3834 §2, §5: an automatic responder does not answer mail marked
 * Auto-Submitted other than "no", nor mail with a null return path).
 */

export interface MailHeader {
  key: string;
  value: string;
}

/** Why a mail is automatic, or null when a person sent it. */
export function automaticReason(headers: readonly MailHeader[], returnPath: string | undefined): string | null {
  const get = (name: string) => headers.find((h) => h.key === name)?.value.trim().toLowerCase();
  const autoSubmitted = get('auto-submitted');
  // RFC 3834 §5: any value but "no" (parameters after ';' aside) marks automatic mail.
  if (autoSubmitted && autoSubmitted.split(';')[0]!.trim() !== 'no') return 'auto_reply';
  // Microsoft's and older responders' own marks.
  if (get('x-autoreply') !== undefined || get('x-autorespond') !== undefined) return 'auto_reply';
  // RFC 2076 Precedence, still set by list servers and vacation responders.
  const precedence = get('precedence');
  if (precedence && /^(bulk|junk|list|auto_reply)$/.test(precedence)) return 'bulk';
  if (get('list-id') !== undefined || get('list-unsubscribe') !== undefined) return 'bulk';
  // RFC 6522: a delivery or disposition report, whoever it claims to be from.
  if (get('content-type')?.startsWith('multipart/report')) return 'auto_reply';
  // RFC 5321 §4.5.5: a null reverse-path is what delivery reports and other robots send from.
  if (returnPath !== undefined && returnPath.replace(/[<>\s]/g, '') === '') return 'auto_reply';
  return null;
}

/** Addresses no person writes from (RFC 2142 role mailboxes and no-reply senders), and our own. */
export function robotSender(address: string, ownAddresses: readonly string[]): boolean {
  const local = address.slice(0, address.lastIndexOf('@')).toLowerCase();
  return /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)([+.-].*)?$/.test(local) || ownAddresses.includes(address.toLowerCase());
}
