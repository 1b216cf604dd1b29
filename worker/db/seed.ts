/**
 * Seeding a notice from its published text: parse, then store atomically.
 * Safe to repeat: a notice already present is left as it is.
 */
import { parseNotice } from '../notice';
import type { Db } from './client';
import { insertParsedNotice, type NoticeMeta } from './notices';

export async function seedNotice(db: Db, meta: NoticeMeta, text: string): Promise<boolean> {
  return insertParsedNotice(db, meta, text, parseNotice(text));
}
