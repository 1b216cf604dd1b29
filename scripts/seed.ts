/**
 * `npm run db:seed:local [-- --persist-to DIR]` (the local D1) or `npm run db:seed:node` (the
 * Node host's SQLite file): puts the sample notice and the seven offices it names (as
 * departments) into the database, and a demo admin for the staff console. A second run
 * changes nothing.
 *
 * The demo admin's one-time password is printed once, when the account is made;
 * it must be changed at the first sign-in, and is never printed again.
 */
import { readFileSync } from 'node:fs';
import type { Db } from '../worker/db/client';
import { ensureDepartments } from '../worker/db/departments';
import { seedNotice } from '../worker/db/seed';
import { DEMO_ADMIN_EMAIL, ensureDemoAdmin } from '../worker/staff/accounts';
import { dongxiaoDepartments, dongxiaoMeta } from '../seed/dongxiao';

const text = readFileSync(new URL('../seed/dongxiao-notice.txt', import.meta.url), 'utf8');
const consoleUrl = `http://localhost:${process.env.PORT || 8787}/staff/`;
const node = process.argv.includes('--node');

async function seed(db: Db) {
  const added = await seedNotice(db, dongxiaoMeta, text);
  console.log(added ? `Seeded notice "${dongxiaoMeta.slug}".` : `Notice "${dongxiaoMeta.slug}" already present; left as it is.`);
  // Only with the notice itself: a later start must not bring back a department an admin merged or renamed.
  if (added) console.log(`Added ${await ensureDepartments(db, dongxiaoDepartments, Date.now())} departments named in the notice.`);

  const password = await ensureDemoAdmin(db);
  if (password !== null) {
    console.log('');
    console.log(`Created the demo staff admin. Sign in to the staff console at ${consoleUrl}`);
    console.log(`e-mail: ${DEMO_ADMIN_EMAIL}`);
    console.log('one-time password (shown only now; you must change it at the first sign-in):');
    console.log(`password: ${password}`);
    console.log('');
  } else {
    const where = node ? '--node' : '--local';
    console.log(`Demo staff admin ${DEMO_ADMIN_EMAIL} already exists; its password is not shown again. Staff console: ${consoleUrl}`);
    console.log(`To get a new one-time password, add another account: npm run staff -- add --email you@example.gov.cn --role admin ${where}`);
    console.log(node ? '(or delete the data/ folder and run npm run start:node again to start afresh: this deletes all local data).' : '(or delete .wrangler/state and run npm start again to start afresh: this deletes all local data).');
  }
}

// Imported only when used: local-env loads wrangler (about 4 s), which --node does not need.
if (node) await (await import('./node-env')).withNodeDb(seed);
else {
  const { persistFlag, withLocalDb } = await import('./local-env');
  await withLocalDb(persistFlag(process.argv), seed);
}
