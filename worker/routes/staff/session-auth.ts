/**
 * Staff authentication and authorisation middleware.
 *
 * `staffSession()` finds the session of the `__Host-rw_session` cookie by the
 * token's hash, ends it when idle for 30 minutes or 12 hours old, and puts the
 * member of staff on the context; without one, 401. Until a one-time password has
 * been changed, only the session routes answer (403 otherwise).
 * `requirePermission()` refuses a role without the permission with 403.
 */
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { deleteSession, findSession, touchSession } from '../../db/staff-sessions';
import { ApiError } from '../../http/errors';
import { staffErrors } from '../../staff/messages';
import { can, type Permission } from '../../staff/roles';
import { hashSessionToken, SESSION_COOKIE, sessionExpired, TOUCH_AFTER_MS } from '../../staff/session';
import type { StaffEnv } from './env';

export interface StaffSessionOptions {
  /** Let a user who must still change their one-time password through (the session routes). */
  allowPendingPasswordChange?: boolean;
}

export function staffSession({ allowPendingPasswordChange = false }: StaffSessionOptions = {}): MiddlewareHandler<StaffEnv> {
  return async function staffSession(c, next) {
    const token = getCookie(c, SESSION_COOKIE, 'host');
    if (!token) throw new ApiError(401, 'unauthenticated', staffErrors.unauthenticated);
    const db = c.var.db;
    const session = await findSession(db, await hashSessionToken(token));
    const now = c.var.clock();
    if (!session) throw new ApiError(401, 'unauthenticated', staffErrors.unauthenticated);
    if (sessionExpired(session, now)) {
      await deleteSession(db, session.id);
      throw new ApiError(401, 'unauthenticated', staffErrors.unauthenticated);
    }
    if (now - session.lastSeenAt >= TOUCH_AFTER_MS) await touchSession(db, session.id, now);
    if (session.user.mustChangePassword && !allowPendingPasswordChange) {
      throw new ApiError(403, 'password_change_required', staffErrors.passwordChangeRequired);
    }
    c.set('staff', session.user);
    c.set('staffSessionId', session.id);
    await next();
  };
}

export function requirePermission(permission: Permission): MiddlewareHandler<StaffEnv> {
  return async function requirePermission(c, next) {
    if (!can(c.var.staff, permission)) throw new ApiError(403, 'forbidden', staffErrors.forbidden);
    await next();
  };
}
