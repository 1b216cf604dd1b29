/**
 * Staff test helpers: accounts made straight in this file's D1, sign-in through
 * the API, and requests that carry the session cookie, our Origin and JSON.
 */
import { env } from 'cloudflare:test';
import { createDb } from '../../worker/db/d1';
import { createStaffUser } from '../../worker/db/staff-users';
import { hashPassword } from '../../worker/staff/password';
import type { StaffRole } from '../../worker/staff/roles';
import { call, postJson } from '../helpers/api';

export const ORIGIN = 'http://localhost';
export const PASSWORD = '正确的马电池订书钉 horse';

export interface TestUser {
  id: number;
  email: string;
  password: string;
  cookie: string;
}

export function uniqueEmail(prefix = 'staff'): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}@example.gov.cn`;
}

export interface UserOptions {
  departmentId?: number | null;
  /** Keep the one-time password the account was created with (which must be changed). */
  oneTime?: boolean;
}

/** An account, by default with the known PASSWORD already chosen. */
export async function createUser(role: StaffRole, opts: UserOptions = {}): Promise<{ id: number; email: string; password: string }> {
  const email = uniqueEmail(role);
  const created = await createStaffUser(createDb(env.DB), { email, displayName: `测试${role}`, role, departmentId: opts.departmentId ?? null }, null, Date.now());
  if (opts.oneTime) return { id: created!.user.id, email, password: created!.password };
  const h = await hashPassword(PASSWORD);
  await env.DB.prepare('update staff_users set password_hash = ?, password_salt = ?, must_change_password = 0 where id = ?')
    .bind(h.passwordHash, h.passwordSalt, created!.user.id)
    .run();
  return { id: created!.user.id, email, password: PASSWORD };
}

/** The `name=value` of the session cookie set by a response. */
export function sessionCookie(res: Response): string {
  const header = res.headers.getSetCookie().find((h) => h.startsWith('__Host-rw_session='));
  if (!header) throw new Error(`no session cookie (status ${res.status})`);
  return header.split(';')[0]!;
}

export function login(email: string, password: string, headers: Record<string, string> = {}): Promise<Response> {
  return call('/api/staff/session', {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
}

export async function signedIn(role: StaffRole, opts: UserOptions = {}): Promise<TestUser> {
  const u = await createUser(role, opts);
  const res = await login(u.email, u.password);
  return { id: u.id, email: u.email, password: u.password, cookie: sessionCookie(res) };
}

export interface StaffRequest {
  method?: string;
  body?: unknown;
  cookie?: string | null;
  headers?: Record<string, string>;
  /** Send `q` in the address as given, rather than sealed first as the console does (the API refuses it). */
  searchInAddress?: boolean;
}

/**
 * A request as the console makes it: with the cookie, our Origin, and JSON for anything but GET.
 * Search words written as `q=` in `path` are sealed first (POST /api/staff/search) and sent as
 * `qs`, as the console sends them; should the sealing be refused (422 on `q`), that is the answer.
 */
export async function staff(path: string, { method = 'GET', body, cookie = null, headers = {}, searchInAddress = false }: StaffRequest = {}): Promise<Response> {
  const h: Record<string, string> = { ...(cookie ? { cookie } : {}) };
  if (method !== 'GET') Object.assign(h, { origin: ORIGIN, 'content-type': 'application/json' });
  let address = path;
  const query = path.indexOf('?');
  const params = new URLSearchParams(query < 0 ? '' : path.slice(query + 1));
  const words = params.get('q');
  if (method === 'GET' && words !== null && !params.has('qs') && !searchInAddress) {
    const sealing = await call('/api/staff/search', {
      method: 'POST',
      headers: { ...(cookie ? { cookie } : {}), origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ q: words }),
    });
    if (sealing.status !== 200) return sealing;
    const { token } = (await sealing.json()) as { token: string };
    params.delete('q');
    params.set('qs', token);
    address = `${path.slice(0, query)}?${params}`;
  }
  return call(`/api/staff${address}`, {
    method,
    headers: { ...h, ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export async function createDepartment(name = `部门-${crypto.randomUUID().slice(0, 6)}`): Promise<number> {
  const row = await env.DB.prepare('insert into departments (name) values (?) returning id').bind(name).first<{ id: number }>();
  return row!.id;
}

/** Public feedback through the public API; returns its id and reference. */
export async function submitPublic(overrides: Record<string, unknown> = {}): Promise<{ id: number; ref: string; queryCode: string }> {
  const { validFeedback } = await import('../helpers/api');
  const res = await postJson('/api/feedback', validFeedback(overrides));
  if (res.status !== 201) throw new Error(`submit failed: ${res.status} ${await res.text()}`);
  const r = (await res.json()) as { ref: string; queryCode: string };
  const row = await env.DB.prepare('select id from feedback where ref = ?').bind(r.ref).first<{ id: number }>();
  return { id: row!.id, ref: r.ref, queryCode: r.queryCode };
}

/** Puts a feedback straight into a state, for tests that start mid-workflow. */
export async function setFeedback(id: number, columns: Record<string, string | number | null>): Promise<void> {
  const keys = Object.keys(columns);
  await env.DB.prepare(`update feedback set ${keys.map((k) => `${k} = ?`).join(', ')} where id = ?`).bind(...keys.map((k) => columns[k]!), id).run();
}

/** A fresh rectification item at the end of a notice, for tests that change or comment on one item. */
export async function createItem(noticeSlug: string, departmentId: number | null): Promise<number> {
  const row = await env.DB.prepare(
    `insert into items (notice_id, position, label, title, department_id)
     select n.id, coalesce((select max(i.position) from items i where i.notice_id = n.id), 0) + 1, '测试', ?, ?
     from notices n where n.slug = ? returning id`,
  )
    .bind(`测试事项-${crypto.randomUUID().slice(0, 6)}`, departmentId, noticeSlug)
    .first<{ id: number }>();
  if (!row) throw new Error(`no notice ${noticeSlug}`);
  return row.id;
}

/**
 * The tables of this file's database that hold the application's data, in name
 * order: every table but SQLite's and D1's own, full-text indexes and their
 * shadow tables (derived from other tables by triggers), and `exclude`. A table
 * added by a later migration is included without anyone having to list it.
 */
export async function applicationTables(exclude: readonly string[] = []): Promise<string[]> {
  const { results } = await env.DB.prepare("select name, sql from sqlite_master where type = 'table' order by name").all<{ name: string; sql: string | null }>();
  const virtual = results.filter((t) => /^create virtual table/i.test(t.sql ?? '')).map((t) => t.name);
  return results
    .map((t) => t.name)
    .filter((name) => !name.startsWith('sqlite_') && !name.startsWith('_cf_') && name !== 'd1_migrations')
    .filter((name) => !virtual.some((v) => name === v || name.startsWith(`${v}_`)))
    .filter((name) => !exclude.includes(name));
}

/** A table to compare before and after a request; `omit` leaves out columns that any request may change. */
export type WatchedTable = string | { table: string; omit: readonly string[] };

export type Snapshot = Record<string, Array<Record<string, unknown>>>;

const TABLE_NAME = /^[a-z_]+$/;
const primaryKeys = new Map<string, string[]>();

/** The primary key's columns of a table, read once from the schema. */
async function primaryKeyOf(table: string): Promise<string[]> {
  let pk = primaryKeys.get(table);
  if (!pk) {
    if (!TABLE_NAME.test(table)) throw new Error(`not a table name: ${table}`);
    const { results } = await env.DB.prepare('select name from pragma_table_info(?) where pk > 0 order by pk').bind(table).all<{ name: string }>();
    pk = results.map((k) => k.name);
    if (pk.length === 0) throw new Error(`no table ${table}, or it has no primary key`);
    primaryKeys.set(table, pk);
  }
  return pk;
}

/**
 * Every row of each table, ordered by primary key, read in one batch (one
 * transaction, so one consistent state). Two snapshots taken around a request are
 * equal exactly when the request wrote nothing to these tables.
 */
export async function snapshotOf(tables: readonly WatchedTable[]): Promise<Snapshot> {
  const specs = tables.map((t) => (typeof t === 'string' ? { table: t, omit: [] as readonly string[] } : t));
  const keys = await Promise.all(specs.map(({ table }) => primaryKeyOf(table)));
  const rows = await env.DB.batch(specs.map(({ table }, i) => env.DB.prepare(`select * from ${table} order by ${keys[i]!.join(', ')}`)));
  return Object.fromEntries(
    specs.map(({ table, omit }, i) => [
      table,
      (rows[i]!.results as Array<Record<string, unknown>>).map((r) => Object.fromEntries(Object.entries(r).filter(([column]) => !omit.includes(column)))),
    ]),
  );
}

/** The tables whose rows differ between two snapshots, in name order. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  return Object.keys(after)
    .filter((table) => JSON.stringify(before[table]) !== JSON.stringify(after[table]))
    .sort();
}

/** The rows of `table` in `after` that were not in `before`. */
export function addedRows(before: Snapshot, after: Snapshot, table: string): Array<Record<string, unknown>> {
  const seen = new Set((before[table] ?? []).map((r) => JSON.stringify(r)));
  return (after[table] ?? []).filter((r) => !seen.has(JSON.stringify(r)));
}
