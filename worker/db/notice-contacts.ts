/**
 * The offices' phone numbers, as the public notices print them, for the tracking
 * page's "忘记查询码？" (worker/feedback/contact-help.ts chooses among them).
 */
import { and, asc, inArray, isNotNull, ne } from 'drizzle-orm';
import type { NoticeContact } from '../feedback/contact-help';
import type { Db } from './client';
import { READABLE_STATES } from './notices';
import { notices } from './schema';

/** Every notice the public can read that gives a phone number, oldest first. */
export async function noticeContacts(db: Db): Promise<NoticeContact[]> {
  const rows = await db
    .select({ refPrefix: notices.refPrefix, issuer: notices.issuer, phone: notices.contactPhone })
    .from(notices)
    .where(and(inArray(notices.state, [...READABLE_STATES]), isNotNull(notices.contactPhone), ne(notices.contactPhone, '')))
    .orderBy(asc(notices.id));
  return rows.map((r) => ({ refPrefix: r.refPrefix, issuer: r.issuer, phone: r.phone!.trim() }));
}
