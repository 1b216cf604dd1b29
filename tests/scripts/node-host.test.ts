/**
 * The Node host's own parts, in Node: the migration runner, the static files, the daily
 * job's schedule and the checks the server makes before it starts. (The app itself is
 * tested on both platforms by the `node` project; the journeys and the crash by `node-host`.)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { folderAssets } from '../../server/assets';
import { DAILY_JOB } from '../../server/daily';
import { OUTBOX_JOB } from '../../worker/daily';
import { openDatabase } from '../../server/db';
import { applyMigrations } from '../../server/migrate';
import { backUp } from '../../server/backup';
import { createClient } from '@libsql/client';
import { readdirSync } from 'node:fs';
import { Cron } from 'croner';
import { readFileSync } from 'node:fs';

const MIGRATIONS = new URL('../../migrations', import.meta.url).pathname;
const temp: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rw-node-'));
  temp.push(dir);
  return dir;
}
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the migration runner', () => {
  it('applies every migration in order once, recording each as wrangler records them', async () => {
    const database = await openDatabase(join(tempDir(), 'db.sqlite'));
    try {
      const first = await applyMigrations(database.client, MIGRATIONS);
      expect(first[0]).toBe('0000_init.sql');
      expect(first).toEqual([...first].sort());
      const recorded = (await database.client.execute('select name from d1_migrations order by id')).rows.map((r) => r.name);
      expect(recorded).toEqual(first);
      expect(await applyMigrations(database.client, MIGRATIONS)).toEqual([]);
      // The schema is there: the tables the app writes, the trigram search index, the append-only audit log.
      const objects = (await database.client.execute("select name from sqlite_master where type in ('table', 'trigger')")).rows.map((r) => r.name);
      expect(objects).toEqual(expect.arrayContaining(['feedback', 'audit_log', 'staff_users', 'feedback_fts', 'audit_log_no_delete']));
      await database.client.execute("insert into audit_log (at, action, target_type) values (1, 'test', 'test')");
      await expect(database.client.execute('delete from audit_log')).rejects.toThrow();
    } finally {
      database.close();
    }
  });

  it('leaves the database as it was when a migration fails, and names it', async () => {
    const dir = tempDir();
    cpSync(MIGRATIONS, join(dir, 'migrations'), { recursive: true });
    writeFileSync(join(dir, 'migrations', '9999_broken.sql'), 'CREATE TABLE half_done (id integer);\n--> statement-breakpoint\nINSERT INTO no_such_table VALUES (1);\n');
    const database = await openDatabase(join(dir, 'db.sqlite'));
    try {
      await expect(applyMigrations(database.client, join(dir, 'migrations'))).rejects.toThrow(/9999_broken\.sql/);
      const tables = (await database.client.execute("select name from sqlite_master where name = 'half_done'")).rows;
      expect(tables).toEqual([]);
      const recorded = (await database.client.execute('select name from d1_migrations')).rows.map((r) => r.name);
      expect(recorded).not.toContain('9999_broken.sql');
      expect(recorded).toContain('0000_init.sql');
    } finally {
      database.close();
    }
  });
});

describe('the backup', () => {
  it('copies the live database while it is written to, checks the copy, and keeps the newest copies', async () => {
    const dir = tempDir();
    const database = await openDatabase(join(dir, 'db.sqlite'));
    try {
      await applyMigrations(database.client, MIGRATIONS);
      for (let i = 0; i < 50; i++) await database.client.execute({ sql: 'insert into departments (name, created_at) values (?, 0)', args: [`科室${i}`] });
      // Writes go on around the copies (another connection of this process, between its calls).
      let writing = true;
      let written = 50;
      const writer = (async () => {
        while (writing) await database.client.execute({ sql: 'insert into departments (name, created_at) values (?, 0)', args: [`科室${written++}`] });
      })();
      const copies = [];
      for (let i = 0; i < 3; i++) copies.push(await backUp(database.file, join(dir, 'backups'), 2, new Date(Date.UTC(2026, 10, 30, 3, 0, i))));
      writing = false;
      await writer;
      expect(readdirSync(join(dir, 'backups')).sort()).toEqual(['rectification-watch-20261130-030001Z.sqlite', 'rectification-watch-20261130-030002Z.sqlite']);
      expect(copies[2]!.removed).toEqual(['rectification-watch-20261130-030000Z.sqlite']);
      const copy = createClient({ url: `file:${copies[2]!.file}` });
      try {
        const count = Number((await copy.execute('select count(*) as n from departments')).rows[0]!.n);
        expect(count).toBeGreaterThanOrEqual(50);
        expect(count).toBeLessThanOrEqual(written);
        expect((await copy.execute('select name from d1_migrations')).rows.length).toBeGreaterThan(5);
      } finally {
        copy.close();
      }
    } finally {
      database.close();
    }
  });
});

describe('the static files', () => {
  const dir = tempDir();
  const files: Record<string, string> = {
    'index.html': '<!doctype html><title>home</title>',
    'staff/index.html': '<!doctype html><title>staff</title>',
    'about.html': '<!doctype html><title>about</title>',
    'assets/app-1234.js': 'console.log(1)',
    'manifest.json': '{}',
  };
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
  const assets = folderAssets(dir);
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => assets.fetch(new Request(`http://localhost${path}`, { method, headers }));

  it('serve a file with its type, a content ETag and revalidation on every use', async () => {
    const res = await get('/assets/app-1234.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await res.text()).toBe(files['assets/app-1234.js']);
    expect((await get('/manifest.json')).headers.get('content-type')).toBe('application/json');
  });

  it('answer a matching If-None-Match with 304 and no body, and HEAD with headers only', async () => {
    const etag = (await get('/assets/app-1234.js')).headers.get('etag')!;
    const again = await get('/assets/app-1234.js', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await get('/assets/app-1234.js', { 'if-none-match': '"other"' })).status).toBe(200);
    const head = await get('/assets/app-1234.js', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('handle HTML as Cloudflare does (auto-trailing-slash): folders end in a slash, pages lose .html', async () => {
    expect((await get('/')).status).toBe(200);
    expect(await (await get('/staff/')).text()).toBe(files['staff/index.html']);
    for (const [from, to] of [['/staff', '/staff/'], ['/staff/index.html', '/staff/'], ['/index.html', '/'], ['/about.html', '/about']]) {
      const res = await get(from!);
      expect([from, res.status, res.headers.get('location')]).toEqual([from, 307, to]);
    }
    expect(await (await get('/about')).text()).toBe(files['about.html']);
  });

  it('never redirect off the site, keep the query in a redirect, and answer 404 (not 500) for odd paths', async () => {
    for (const path of ['//evil.example/index.html', '//evil.example/staff/index.html', '/%E4%B8%AD/index.html', '/a%0Ab/index.html', '/%00']) {
      const res = await get(path);
      expect([path, res.status]).toEqual([path, 404]);
    }
    const kept = await get('/staff?from=mail');
    expect([kept.status, kept.headers.get('location')]).toEqual([307, '/staff/?from=mail']);
    expect((await get('/assets/app-1234.js', { 'if-none-match': `W/${(await get('/assets/app-1234.js')).headers.get('etag')}` })).status).toBe(304);
  });

  it('answer 404 for what is not there, and never reach outside the folder', async () => {
    writeFileSync(join(dirname(dir), 'outside.txt'), 'secret');
    for (const path of ['/nope', '/assets/nope.js', '/../outside.txt', '/%2e%2e/outside.txt', '/assets/..%2f..%2foutside.txt', '/%ZZ']) {
      const res = await get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(await res.text()).not.toContain('secret');
    }
  });
});

describe('the daily job', () => {
  it("runs at 03:00 Asia/Shanghai, the moment of wrangler.toml's cron trigger in UTC", () => {
    const [crons, outbox] = [.../^crons\s*=\s*\[([^\]]+)\]/m.exec(readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8'))![1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!) as [string, string];
    expect(crons).toBe('0 19 * * *');
    // The notification outbox's trigger, the same pattern croner runs on the Node host (server/daily.ts).
    expect(outbox).toBe(OUTBOX_JOB.cron);
    const node = new Cron(DAILY_JOB.pattern, { timezone: DAILY_JOB.timezone, paused: true });
    const worker = new Cron(crons, { timezone: 'UTC', paused: true });
    for (const from of [new Date('2026-11-30T12:00:00Z'), new Date('2026-12-31T19:30:00Z'), new Date('2027-06-15T00:00:00Z')]) {
      expect(node.nextRun(from)?.toISOString()).toBe(worker.nextRun(from)?.toISOString());
    }
    expect(node.nextRun(new Date('2026-11-30T12:00:00Z'))?.toISOString()).toBe('2026-11-30T19:00:00.000Z');
  });
});

describe('the server, before it starts', { timeout: 60_000 }, () => {
  function start(env: Record<string, string>) {
    const { PATH, HOME } = process.env;
    return spawnSync(process.execPath, ['--import', 'tsx', 'server/index.ts'], { env: { PATH, HOME, DATA_DIR: tempDir(), PORT: '0', ...env }, encoding: 'utf8', timeout: 20_000 });
  }

  it('refuses to start without APP_SECRET, and says so', () => {
    const run = start({});
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('APP_SECRET is not set');
  });

  it('refuses a proxy header without PUBLIC_ORIGIN, and a PORT that is not one', () => {
    const proxied = start({ APP_SECRET: 'x'.repeat(32), CLIENT_ADDRESS_HEADER: 'x-real-ip' });
    expect(proxied.status).toBe(1);
    expect(proxied.stderr).toContain('PUBLIC_ORIGIN');
    const port = start({ APP_SECRET: 'x'.repeat(32), PORT: 'eighty' });
    expect(port.status).toBe(1);
    expect(port.stderr).toContain('PORT');
  });
});
