/**
 * Personal information is kept no longer than needed (PIPL 第十九条): the contact
 * details of feedback that was closed, declined, marked duplicate or spam are
 * erased once the retention period has passed. The public privacy statement
 * promises this period; the worker's daily cron runs it.
 */
import { and, inArray, isNotNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditLog, feedback } from '../db/schema';

export const DEFAULT_RETENTION_DAYS = 3 * 365;
const DAY_MS = 86_400_000;

export function retentionDays(value: string | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_RETENTION_DAYS;
}

/** Erases expired contact details and records how many in the audit log; returns that number. */
export async function purgeExpiredContacts(db: Db, now: number, days: number): Promise<number> {
  const cutoff = now - days * DAY_MS;
  const expired = and(
    or(isNotNull(feedback.name), isNotNull(feedback.phone), isNotNull(feedback.email)),
    or(lt(feedback.closedAt, cutoff), and(inArray(feedback.status, ['declined', 'duplicate', 'spam']), lt(feedback.updatedAt, cutoff))),
  );
  const erased = await db.update(feedback).set({ name: null, phone: null, email: null, updatedAt: now }).where(expired).returning({ id: feedback.id });
  if (erased.length > 0) {
    await db.insert(auditLog).values({
      at: now,
      actorId: null,
      action: 'retention.erase_contacts',
      targetType: 'feedback',
      targetId: null,
      before: null,
      after: JSON.stringify({ count: erased.length, retentionDays: days, ids: erased.map((r) => r.id) }),
    });
  }
  return erased.length;
}

