/**
 * Staff test helpers: accounts made straight in this file's D1, sign-in through
 * the API, and requests that carry the session cookie, our Origin and JSON.
 */
import { env } from 'cloudflare:test';
import { createDb } from '../../worker/db/client';
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
}

/** A request as the console makes it: with the cookie, our Origin, and JSON for anything but GET. */
export function staff(path: string, { method = 'GET', body, cookie = null, headers = {} }: StaffRequest = {}): Promise<Response> {
  const h: Record<string, string> = { ...(cookie ? { cookie } : {}) };
  if (method !== 'GET') Object.assign(h, { origin: ORIGIN, 'content-type': 'application/json' });
  return call(`/api/staff${path}`, {
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
