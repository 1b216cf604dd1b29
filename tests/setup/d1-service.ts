/**
 * The browser journeys read and write the D1 that `wrangler dev` serves. Each read through
 * `wrangler d1 execute --local` starts Node with all of wrangler, then a workerd, to run one
 * statement: 2 to 3 s of CPU, and a journey makes several. This keeps one local D1 open for the
 * whole run instead (wrangler's platform proxy on the same `--persist-to` folder: the same files,
 * opened the way `wrangler d1 execute --local` and `npm run staff -- --local` open them) and
 * answers SQL on a port of 127.0.0.1; `d1Sync` (tests/setup/d1-client.ts) asks it from the tests.
 *
 * It also makes staff accounts the way `npm run staff -- add … --local` does (the same functions
 * on the same D1), without the 5 to 8 s of CPU that starting that script, wrangler and workerd costs.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getPlatformProxy } from 'wrangler';
import { createDb } from '../../worker/db/d1';
import { createDepartment, departmentByName } from '../../worker/db/departments';
import { createStaffUser } from '../../worker/db/staff-users';
import { displayNameOf } from '../../worker/staff/account-rules';
import type { StaffRole } from '../../worker/staff/roles';
import type { D1Answer, StaffAccountRequest } from './d1-client';

/**
 * Cuts SQL into statements at semicolons outside quotes and comments, as `wrangler d1 execute`
 * does before running them in one batch. Trigger bodies (BEGIN … END) are not supported.
 */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      for (i++; i < sql.length; i++) {
        if (sql[i] === close) {
          if (close !== ']' && sql[i + 1] === close) i++;
          else break;
        }
      }
    } else if (ch === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 1;
    } else if (ch === ';') {
      out.push(sql.slice(start, i));
      start = i + 1;
    }
  }
  out.push(sql.slice(start));
  const statements = out.map((s) => s.trim()).filter((s) => s !== '');
  if (statements.some((s) => /^create\s+(temp\w*\s+)?trigger\b/i.test(s))) throw new Error('d1 service: CREATE TRIGGER is not supported');
  return statements;
}

/**
 * Runs `write` again while SQLite answers SQLITE_BUSY. `wrangler dev` writes to the same file from
 * another process, and workerd sets no busy timeout: a write of ours that meets one of its own
 * fails at once (as one through `wrangler d1 execute` did). A batch is a transaction, so a failed
 * one changed nothing and can run again. Reads meet it too, and D1 does not always say so: the
 * platform proxy may answer "internal error; reference = …" while workerd logs SQLITE_BUSY (a CI
 * run's photo journey read the feedback's item while the console's photo views wrote their audit
 * entries), so that answer is tried again as well, within the same bound.
 */
async function whenUnlocked<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      const e = err as Error & { cause?: Error };
      if (attempt >= 20 || !/SQLITE_BUSY|database is locked|internal error; reference = /.test(`${e.message} ${e.cause?.message}`)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
    }
  }
}

/** `npm run staff -- add --local`'s work (scripts/staff.ts): the department if missing, then the account. */
async function addStaffAccount(d1: D1Database, { email, role, name, department }: StaffAccountRequest): Promise<string> {
  const db = createDb(d1);
  const now = Date.now();
  let departmentId: number | null = null;
  if (department) departmentId = (await departmentByName(db, department))?.id ?? (await createDepartment(db, department, null, now))!.id;
  const address = email.trim().toLowerCase();
  const created = await createStaffUser(db, { email: address, displayName: displayNameOf({ email: address, displayName: name }), role: role as StaffRole, departmentId }, null, now);
  if (!created) throw new Error('An account with this e-mail already exists.');
  return created.password;
}

/**
 * Opens the D1 under `persistTo` and answers, on a port of 127.0.0.1, `POST /` with SQL in the
 * body, as `wrangler d1 execute --json` would, and `POST /staff-account` with a
 * StaffAccountRequest, with the account's one-time password.
 */
export async function startD1Service(persistTo: string): Promise<{ url: string; stop(): Promise<void> }> {
  const proxy = await getPlatformProxy<{ DB: D1Database }>({ configPath: 'wrangler.toml', persist: { path: `${persistTo}/v3` } });
  const db = proxy.env.DB;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', async () => {
      try {
        if (req.url === '/staff-account') {
          const password = await whenUnlocked(() => addStaffAccount(db, JSON.parse(body) as StaffAccountRequest));
          res.writeHead(200, { 'content-type': 'text/plain' }).end(password);
          return;
        }
        const results = await whenUnlocked(() => db.batch(splitStatements(body).map((s) => db.prepare(s))));
        const answer: D1Answer = results.map((r) => ({
          // As wrangler prints them: an array value (a blob) as text.
          results: (r.results as Array<Record<string, unknown>>).map((row) =>
            Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(', ')}]` : v])),
          ),
        }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      } catch (err) {
        const e = err as Error & { cause?: Error };
        res.writeHead(400, { 'content-type': 'text/plain' }).end((e.cause ?? e).message);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await proxy.dispose();
    },
  };
}
