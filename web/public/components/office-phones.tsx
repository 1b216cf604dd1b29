import { contactsFor, type NoticeContact } from '../../../worker/feedback/contact-help';

/**
 * Whom to call about a reference, after `lead` (忘记查询码？请致电, 如您认为判断有误，请致电): the office of
 * the notice its prefix names, or every public notice's (worker/feedback/contact-help.ts). Nothing
 * when no notice gives a phone.
 */
export function OfficePhones({ lead, forRef, contacts }: { lead: string; forRef: string; contacts: NoticeContact[] }) {
  const offices = contactsFor(forRef, contacts);
  if (offices.length === 0) return null;
  return (
    <p class="help">
      {lead}
      {offices.map((o, i) => (
        <span key={o.phone}>
          {i > 0 && '；'}
          {o.issuer} <a href={`tel:${o.phone.replace(/[^\d+]/g, '')}`}>{o.phone}</a>
        </span>
      ))}
    </p>
  );
}
