/**
 * `npm run db:seed:local [-- --persist-to DIR]`: puts the sample notice into the
 * local D1. A second run changes nothing.
 */
import { readFileSync } from 'node:fs';
import { seedNotice } from '../worker/db/seed';
import { dongxiaoMeta } from '../seed/dongxiao';
import { persistFlag, withLocalDb } from './local-env';

const text = readFileSync(new URL('../seed/dongxiao-notice.txt', import.meta.url), 'utf8');

await withLocalDb(persistFlag(process.argv), async (db) => {
  const added = await seedNotice(db, dongxiaoMeta, text);
  console.log(added ? `Seeded notice "${dongxiaoMeta.slug}".` : `Notice "${dongxiaoMeta.slug}" already present; left as it is.`);
});
