/**
 * Staff sign-in, the current session, sign-out, and changing one's own password.
 */
import { eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { deadlineConfig } from '../../feedback/deadlines';
import { deleteCookie, setCookie } from 'hono/cookie';
import * as z from 'zod/mini';
import { auditInsert } from '../../db/audit';
import { staffSessions } from '../../db/schema';
import {
  chargeAttempt, clearFailures, deleteExpiredSessions, deleteOtherSessions, deleteSession, insertSession, refundAttempt,
} from '../../db/staff-sessions';
import { findUserByEmail, findUserById, recordLogin, updatePassword } from '../../db/staff-users';
import type { AppEnv } from '../../env';
import { clientFingerprint } from '../../http/client';
import { ApiError, methodNotAllowed, tooMany, validationError } from '../../http/errors';
import { jsonBody } from '../../http/json-body';
import { validate } from '../../http/validate';
import { staffErrors, staffFieldMessages } from '../../staff/messages';
import { hashPassword, passwordProblem, verifyNothing, verifyPassword } from '../../staff/password';
import { can, PERMISSIONS, type StaffUser } from '../../staff/roles';
import { ABSOLUTE_TIMEOUT_MS, hashSessionToken, IDLE_TIMEOUT_MS, newSessionToken, SESSION_COOKIE } from '../../staff/session';
import {
  accountClientKey, accountKey, ACCOUNT_FREE_FAILURES, ACCOUNT_WIDE_FREE_FAILURES, CLIENT_FREE_FAILURES, clientKey,
} from '../../staff/throttle';
import { staffSession } from './session-auth';

const BODY_LIMIT = { maxBytes: 4096 };

const loginInput = z.object({ email: z.string().check(z.maxLength(320)), password: z.string().check(z.minLength(1), z.maxLength(4096)) });
const passwordInput = z.object({ currentPassword: z.string().check(z.minLength(1), z.maxLength(4096)), newPassword: z.string().check(z.maxLength(4096)) });

/** The signed-in user as the console needs it: who, which role, which department, what they may do. */
export function sessionUser(u: StaffUser) {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    departmentId: u.departmentId,
    mustChangePassword: u.mustChangePassword,
    permissions: PERMISSIONS.filter((p) => can(u, p)),
  };
}

/** Gives the browser a new session's token (also after a password set through a setup link). */
export function setSessionCookie(c: Context, token: string): void {
  setCookie(c, SESSION_COOKIE, token, { prefix: 'host', httpOnly: true, sameSite: 'Strict', maxAge: ABSOLUTE_TIMEOUT_MS / 1000 });
}

export const sessionRoute = new Hono<AppEnv>()
  .post(
    '/',
    jsonBody(BODY_LIMIT),
    validate('json', loginInput, { email: staffFieldMessages.email.invalid, password: staffFieldMessages.password.required }),
    async (c) => {
      const { email, password } = c.req.valid('json');
      const db = c.var.db;
      const now = c.var.clock();
      const account = await accountKey(email);
      const client = await clientFingerprint(c);
      // Counted as a failure before the password is checked; a success takes it back.
      const charged = await chargeAttempt(
        db,
        [
          { key: accountClientKey(account, client), free: ACCOUNT_FREE_FAILURES },
          { key: clientKey(client), free: CLIENT_FREE_FAILURES },
          { key: account, free: ACCOUNT_WIDE_FREE_FAILURES },
        ],
        now,
      );
      if (!charged.ok) throw tooMany('too_many_attempts', charged.until - now, staffErrors.tooManyLogins);
      const user = await findUserByEmail(db, email);
      const ok = user && !user.disabled ? await verifyPassword(password, user) : await verifyNothing(password);
      if (!ok || !user) throw new ApiError(401, 'login_failed', staffErrors.loginFailed);
      const token = newSessionToken();
      await db.batch([
        clearFailures(db, account),
        refundAttempt(db, clientKey(client)),
        deleteExpiredSessions(db, user.id, now),
        insertSession(db, user.id, await hashSessionToken(token), now),
        recordLogin(db, user.id, now),
        auditInsert(db, { at: now, actorId: user.id, action: 'session.login', targetType: 'staff_user', targetId: user.id }),
      ]);
      setSessionCookie(c, token);
      return c.json({ user: sessionUser(user) }, 200);
    },
  )
  .get('/', staffSession({ allowPendingPasswordChange: true }), async (c) => {
    const s = await c.var.db.select({ expiresAt: staffSessions.expiresAt }).from(staffSessions).where(eq(staffSessions.id, c.var.staffSessionId)).get();
    return c.json(
      {
        user: sessionUser(c.var.staff),
        expiresAt: s?.expiresAt ?? null,
        idleTimeoutSeconds: IDLE_TIMEOUT_MS / 1000,
        // The console states the statute's limit on the extension form.
        maxExtensionDays: deadlineConfig(c.env).maxExtensionDays,
        // Manual entry warns, before saving, when a back-dated feedback's deadlines have already passed.
        acknowledgeDays: deadlineConfig(c.env).acknowledgeDays,
        replyDays: deadlineConfig(c.env).replyDays,
      },
      200,
    );
  })
  .delete('/', staffSession({ allowPendingPasswordChange: true }), async (c) => {
    const now = c.var.clock();
    await c.var.db.batch([
      deleteSession(c.var.db, c.var.staffSessionId),
      auditInsert(c.var.db, { at: now, actorId: c.var.staff.id, action: 'session.logout', targetType: 'staff_user', targetId: c.var.staff.id }),
    ]);
    deleteCookie(c, SESSION_COOKIE, { prefix: 'host', httpOnly: true, sameSite: 'Strict' });
    return c.body(null, 204);
  })
  .post(
    '/password',
    staffSession({ allowPendingPasswordChange: true }),
    jsonBody(BODY_LIMIT),
    validate('json', passwordInput, { currentPassword: staffFieldMessages.currentPassword.required, newPassword: staffFieldMessages.newPassword.tooShort }),
    async (c) => {
      const { currentPassword, newPassword } = c.req.valid('json');
      const db = c.var.db;
      const now = c.var.clock();
      const me = c.var.staff;
      // The same count as signing in from this client: a stolen session cannot guess more freely.
      const account = await accountKey(me.email);
      const key = accountClientKey(account, await clientFingerprint(c));
      const charged = await chargeAttempt(db, [{ key, free: ACCOUNT_FREE_FAILURES }], now);
      if (!charged.ok) throw tooMany('too_many_attempts', charged.until - now, staffErrors.tooManyLogins);
      const row = await findUserById(db, me.id);
      if (!row || !(await verifyPassword(currentPassword, row))) {
        throw validationError({ currentPassword: staffFieldMessages.currentPassword.wrong });
      }
      await refundAttempt(db, key);
      const problem = passwordProblem(newPassword);
      if (problem) throw validationError({ newPassword: staffFieldMessages.newPassword[problem] });
      if (newPassword === currentPassword) throw validationError({ newPassword: staffFieldMessages.newPassword.sameAsCurrent });
      await db.batch([
        updatePassword(db, me.id, await hashPassword(newPassword)),
        // Whoever else held a session (or the one-time password) is signed out.
        deleteOtherSessions(db, me.id, c.var.staffSessionId),
        auditInsert(db, { at: now, actorId: me.id, action: 'session.password', targetType: 'staff_user', targetId: me.id }),
      ]);
      return c.json({ user: sessionUser({ ...me, mustChangePassword: false }) }, 200);
    },
  )
  .all('/', methodNotAllowed)
  .all('/password', methodNotAllowed);

