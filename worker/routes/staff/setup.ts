/**
 * Setup links, opened without a session (like sign-in, and behind the same CSRF
 * guard): a new member of staff, or one whose account was reset, checks the
 * link and chooses a password, and is then signed in.
 *
 * The token is 256 random bits, so it cannot be guessed; still, every unknown
 * token counts against the client (throttle.ts, apart from sign-in failures),
 * and after SETUP_FREE_FAILURES the client waits, as it would at sign-in. Used
 * and expired links say so (410): the person needs a new link, not a retry.
 */
import { Hono, type Context } from 'hono';
import * as z from 'zod/mini';
import { auditInsert } from '../../db/audit';
import { claimSetupToken, findSetupToken, type SetupTokenWithUser } from '../../db/staff-setup-tokens';
import { chargeAttempt, clearFailures, deleteUserSessions, insertSession, refundAttempt } from '../../db/staff-sessions';
import { findUserById, recordLogin, updatePassword } from '../../db/staff-users';
import type { AppEnv } from '../../env';
import { clientFingerprint } from '../../http/client';
import { ApiError, methodNotAllowed, tooMany, validationError } from '../../http/errors';
import { jsonBody } from '../../http/json-body';
import { validate } from '../../http/validate';
import { staffErrors, staffFieldMessages } from '../../staff/messages';
import { hashPassword, passwordProblem } from '../../staff/password';
import { hashSessionToken, newSessionToken } from '../../staff/session';
import { hashSetupToken, isSetupTokenShaped, setupLinkState } from '../../staff/setup-links';
import { accountKey, SETUP_FREE_FAILURES, setupClientKey } from '../../staff/throttle';
import { sessionUser, setSessionCookie } from './session';

const m = staffFieldMessages;
const BODY_LIMIT = { maxBytes: 4096 };
const token = z.string().check(z.maxLength(200));

/** The link of `token`, if it may be used now; otherwise the 4xx that says why. */
async function usableLink(c: Context<AppEnv>, raw: string, now: number): Promise<SetupTokenWithUser> {
  if (raw.trim() === '') throw validationError({ token: m.token.required });
  const db = c.var.db;
  const client = setupClientKey(await clientFingerprint(c));
  // Counted as a failure before the link is looked up, and taken back when it exists.
  const charged = await chargeAttempt(db, [{ key: client, free: SETUP_FREE_FAILURES }], now);
  if (!charged.ok) throw tooMany('too_many_attempts', charged.until - now, staffErrors.tooManySetupAttempts);
  const link = isSetupTokenShaped(raw) ? await findSetupToken(db, await hashSetupToken(raw)) : null;
  if (!link) throw new ApiError(404, 'setup_link_unknown', staffErrors.setupLinkUnknown);
  await refundAttempt(db, client);
  const state = setupLinkState(link, now);
  if (state === 'used') throw new ApiError(410, 'setup_link_used', staffErrors.setupLinkUsed);
  // A disabled account's links were ended when it was disabled; this covers a link made just before.
  if (state === 'expired' || link.user.disabled) throw new ApiError(410, 'setup_link_expired', staffErrors.setupLinkExpired);
  return link;
}

export const setupRoute = new Hono<AppEnv>()
  .post('/', jsonBody(BODY_LIMIT), validate('json', z.object({ token }), { token: m.token.required }), async (c) => {
    const link = await usableLink(c, c.req.valid('json').token, c.var.clock());
    return c.json({ email: link.user.email, displayName: link.user.displayName, purpose: link.purpose, expiresAt: link.expiresAt }, 200);
  })
  .post(
    '/password',
    jsonBody(BODY_LIMIT),
    validate('json', z.object({ token, newPassword: z.string().check(z.maxLength(4096)) }), { token: m.token.required, newPassword: m.newPassword.tooShort }),
    async (c) => {
      const { token: raw, newPassword } = c.req.valid('json');
      const db = c.var.db;
      const now = c.var.clock();
      const link = await usableLink(c, raw, now);
      const problem = passwordProblem(newPassword);
      if (problem) throw validationError({ newPassword: m.newPassword[problem] });
      const hash = await hashPassword(newPassword);
      // Used once: of two requests with one link, only one gets past this.
      if (!(await claimSetupToken(db, link.id, now))) throw new ApiError(410, 'setup_link_used', staffErrors.setupLinkUsed);
      const session = newSessionToken();
      const userId = link.user.id;
      await db.batch([
        updatePassword(db, userId, hash),
        // Whoever held a session of this account before the link was used is signed out.
        deleteUserSessions(db, userId),
        clearFailures(db, await accountKey(link.user.email)),
        insertSession(db, userId, await hashSessionToken(session), now),
        recordLogin(db, userId, now),
        auditInsert(db, { at: now, actorId: userId, action: 'user.setup', targetType: 'staff_user', targetId: userId, after: { purpose: link.purpose } }),
      ]);
      setSessionCookie(c, session);
      const user = await findUserById(db, userId);
      return c.json({ user: sessionUser(user!) }, 200);
    },
  )
  .all('/', methodNotAllowed)
  .all('/password', methodNotAllowed);
