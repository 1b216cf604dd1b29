/**
 * One-time setup links (staff/setup-links.ts), stored as the SHA-256 of their
 * token. A link is replaced by setting its expiry to now rather than by deleting
 * it, so the table keeps who was sent a link and when.
 */
import { and, eq, gt, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from './client';
import { staffSetupTokens, staffUsers, SETUP_PURPOSES } from './schema';

export type SetupPurpose = (typeof SETUP_PURPOSES)[number];

export interface NewSetupToken {
  tokenHash: string;
  purpose: SetupPurpose;
  createdBy: number | null;
  now: number;
  expiresAt: number;
}

/**
 * A link for the account that `account` (a condition on staff_users) selects,
 * inserted only if that account exists when the batch reaches it, e.g. an account
 * inserted earlier in the same batch.
 */
export function insertSetupTokenFor(db: Db, account: SQL, t: NewSetupToken) {
  return db.insert(staffSetupTokens).select(
    db
      .select({
        id: sql<number>`null`.as('id'),
        tokenHash: sql<string>`${t.tokenHash}`.as('token_hash'),
        userId: staffUsers.id,
        purpose: sql<SetupPurpose>`${t.purpose}`.as('purpose'),
        createdBy: sql<number | null>`${t.createdBy}`.as('created_by'),
        createdAt: sql<number>`${t.now}`.as('created_at'),
        expiresAt: sql<number>`${t.expiresAt}`.as('expires_at'),
        usedAt: sql<number | null>`null`.as('used_at'),
      })
      .from(staffUsers)
      .where(account),
  );
}

/** Ends every link of the user that is unused and still valid: a newer link, a reset or a disabled account replaces them. */
export function expireUnusedSetupTokens(db: Db, userId: number | SQL, now: number) {
  return db
    .update(staffSetupTokens)
    .set({ expiresAt: now })
    .where(and(eq(staffSetupTokens.userId, userId), isNull(staffSetupTokens.usedAt), gt(staffSetupTokens.expiresAt, now)));
}

export interface SetupTokenWithUser {
  id: number;
  purpose: SetupPurpose;
  expiresAt: number;
  usedAt: number | null;
  user: { id: number; email: string; displayName: string; disabled: boolean };
}

export async function findSetupToken(db: Db, tokenHash: string): Promise<SetupTokenWithUser | null> {
  const row = await db
    .select({
      id: staffSetupTokens.id,
      purpose: staffSetupTokens.purpose,
      expiresAt: staffSetupTokens.expiresAt,
      usedAt: staffSetupTokens.usedAt,
      user: { id: staffUsers.id, email: staffUsers.email, displayName: staffUsers.displayName, disabled: staffUsers.disabled },
    })
    .from(staffSetupTokens)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSetupTokens.userId))
    .where(eq(staffSetupTokens.tokenHash, tokenHash))
    .get();
  return row ?? null;
}

/**
 * Marks the link used, if it still is unused and valid and its account enabled:
 * one statement, so of two requests with the same link exactly one gets it.
 * True when this call got it.
 */
export async function claimSetupToken(db: Db, id: number, now: number): Promise<boolean> {
  const claimed = await db
    .update(staffSetupTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(staffSetupTokens.id, id),
        isNull(staffSetupTokens.usedAt),
        gt(staffSetupTokens.expiresAt, now),
        sql`exists (select 1 from staff_users where staff_users.id = ${staffSetupTokens.userId} and staff_users.disabled = 0)`,
      ),
    )
    .returning({ id: staffSetupTokens.id });
  return claimed.length === 1;
}
