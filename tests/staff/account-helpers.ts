/**
 * Helpers for tests of staff accounts managed in the console: members invited
 * through the API, and the token of a setup link.
 */
import { env } from 'cloudflare:test';
import { createDb } from '../../worker/db/d1';
import { inviteMember } from '../../worker/staff/accounts';
import type { StaffRole } from '../../worker/staff/roles';
import { json, staff, uniqueEmail } from './helpers';

/** The token of a setup link: the part after `#/setup/`. */
export function tokenOf(setupLink: string): string {
  const token = /#\/setup\/([A-Za-z0-9_-]+)$/.exec(setupLink)?.[1];
  if (!token) throw new Error(`not a setup link: ${setupLink}`);
  return token;
}

export interface Invited {
  id: number;
  email: string;
  setupLink: string;
  token: string;
}

/** A member of staff invited by `adminCookie` through the API, as the console does it. */
export async function inviteThroughApi(adminCookie: string, role: StaffRole = 'viewer', extra: Record<string, unknown> = {}): Promise<Invited> {
  const email = uniqueEmail(`invited-${role}`);
  const res = await staff('/users', { method: 'POST', cookie: adminCookie, body: { email, role, ...extra } });
  if (res.status !== 201) throw new Error(`invite failed: ${res.status} ${await res.text()}`);
  const body = await json<{ user: { id: number }; setupLink: string }>(res);
  return { id: body.user.id, email, setupLink: body.setupLink, token: tokenOf(body.setupLink) };
}

/** A member of staff invited straight in the database (by `actorId`), for tests that need no admin session. */
export async function invite(actorId: number, role: StaffRole = 'viewer'): Promise<Invited> {
  const email = uniqueEmail(`invited-${role}`);
  const invited = await inviteMember(createDb(env.DB), { email, displayName: `受邀${role}`, role, departmentId: null }, actorId, Date.now());
  const setupLink = `http://localhost/staff/#/setup/${invited!.link.token}`;
  return { id: invited!.user.id, email, setupLink, token: invited!.link.token };
}

/** Chooses a password through a setup link, as the setup screen does. */
export function setPassword(token: string, newPassword: string, headers: Record<string, string> = {}): Promise<Response> {
  return staff('/setup/password', { method: 'POST', body: { token, newPassword }, headers });
}

/** Checks a setup link, as the setup screen does when it opens. */
export function checkLink(token: string, headers: Record<string, string> = {}): Promise<Response> {
  return staff('/setup', { method: 'POST', body: { token }, headers });
}
