/**
 * Proof-of-work solutions already accepted, so that each works once.
 */
import { lt } from 'drizzle-orm';
import type { Db } from './client';
import { usedProofs } from './schema';

/** Records a solution as used; false if it had been used before. One statement, so two racing requests cannot both win. */
export async function useProof(db: Db, saltHash: string, expiresAt: number): Promise<boolean> {
  const rows = await db.insert(usedProofs).values({ saltHash, expiresAt }).onConflictDoNothing().returning({ saltHash: usedProofs.saltHash });
  return rows.length === 1;
}

/** Forgets solutions whose challenges have expired: they would be refused as expired anyway. */
export function deleteExpiredProofs(db: Db, now: number) {
  return db.delete(usedProofs).where(lt(usedProofs.expiresAt, now)).returning({ saltHash: usedProofs.saltHash });
}
