/**
 * Staff accounts, for admins: the list; a new member, who gets a one-time setup
 * link (never a password: nothing secret is ever shown but the link, once);
 * changes of role, department and name; disabling, enabling and resetting
 * (a new link). The rules are in staff/accounts.ts.
 */
import { Hono, type Context } from 'hono';
import * as z from 'zod/mini';
import type { Db } from '../../db/client';
import { findUserById, listStaffUsers, publicUser, type PublicStaffUser, type StaffUserRow } from '../../db/staff-users';
import { ApiError, methodNotAllowed, validationError } from '../../http/errors';
import { idParam } from '../../http/id-param';
import { jsonBody } from '../../http/json-body';
import { validate } from '../../http/validate';
import type { FieldErrors } from '../../messages';
import { accountFailures, displayNameOf, type AccountInput } from '../../staff/account-rules';
import { changeMember, departmentExists, inviteMember, resetMember, setMemberDisabled, type IssuedLink } from '../../staff/accounts';
import { accountMessage, staffErrors, staffFieldMessages } from '../../staff/messages';
import type { StaffRole } from '../../staff/roles';
import { setupLink } from '../../staff/setup-links';
import { publicOrigin } from '../../http/origin';
import type { StaffEnv } from './env';
import { requirePermission, staffSession } from './session-auth';

const m = staffFieldMessages;
const departmentId = z.int().check(z.positive(), z.maximum(Number.MAX_SAFE_INTEGER));

const userInput = z.object({
  email: z.string().check(z.maxLength(320)),
  displayName: z.nullish(z.string().check(z.maxLength(1000))),
  role: z.string().check(z.maxLength(20)),
  departmentId: z.nullish(departmentId),
});

const changeInput = z.object({
  displayName: z.nullish(z.string().check(z.maxLength(1000))),
  role: z.optional(z.string().check(z.maxLength(20))),
  departmentId: z.optional(z.nullable(departmentId)),
});

const MESSAGES = { email: m.email.invalid, displayName: m.displayName.tooLong, role: m.role.required, departmentId: m.departmentId.unknown };

/** One message per field the account breaks, the department's existence included. */
async function accountErrors(db: Db, input: AccountInput, checkDepartment: boolean): Promise<FieldErrors> {
  const fields: FieldErrors = Object.fromEntries(accountFailures(input).map(([field, rule]) => [field, accountMessage(rule)]));
  if (!fields.departmentId && checkDepartment && input.departmentId != null && !(await departmentExists(db, input.departmentId))) {
    fields.departmentId = m.departmentId.unknown;
  }
  return fields;
}

const userNotFound = () => new ApiError(404, 'user_not_found', staffErrors.userNotFound);

/** The account named in the path (`:id`), or 404. */
async function userOr404(c: Context<StaffEnv>): Promise<StaffUserRow> {
  const user = await findUserById(c.var.db, idParam(c, 'id', userNotFound));
  if (!user) throw userNotFound();
  return user;
}

/** The answer that carries a setup link: the only place its token ever appears. */
function withLink(user: PublicStaffUser, origin: string, link: IssuedLink) {
  return { user, setupLink: setupLink(origin, link.token), expiresAt: link.expiresAt };
}

const refusals = {
  self: () => new ApiError(409, 'own_account', staffErrors.cannotDisableSelf),
  lastAdmin: () => new ApiError(409, 'last_admin', staffErrors.lastAdmin),
  stale: () => new ApiError(409, 'stale', staffErrors.userChanged),
};

export const staffUsersRoute = new Hono<StaffEnv>()
  .use(staffSession(), requirePermission('user.manage'))
  .get('/', async (c) => c.json({ users: await listStaffUsers(c.var.db, c.var.clock()) }, 200))
  .post('/', jsonBody({ maxBytes: 4096 }), validate('json', userInput, MESSAGES), async (c) => {
    const input = c.req.valid('json');
    const fields = await accountErrors(c.var.db, input, true);
    if (Object.keys(fields).length > 0) throw validationError(fields);
    const invited = await inviteMember(
      c.var.db,
      { email: input.email, displayName: displayNameOf(input), role: input.role as StaffRole, departmentId: input.departmentId ?? null },
      c.var.staff.id,
      c.var.clock(),
    );
    if (!invited) throw new ApiError(409, 'user_exists', staffErrors.userExists);
    return c.json(withLink(invited.user, publicOrigin(c), invited.link), 201);
  })
  .patch('/:id{[0-9]+}', jsonBody({ maxBytes: 4096 }), validate('json', changeInput, MESSAGES), async (c) => {
    const db = c.var.db;
    const before = await userOr404(c);
    const input = c.req.valid('json');
    const role = input.role ?? before.role;
    // An admin belongs to no department: promoting someone takes them out of theirs unless told otherwise.
    const department = input.departmentId !== undefined ? input.departmentId : role === 'admin' ? null : before.departmentId;
    const fields = await accountErrors(db, { email: before.email, displayName: input.displayName, role, departmentId: department }, department !== before.departmentId);
    if (Object.keys(fields).length > 0) throw validationError(fields);
    const displayName = input.displayName !== undefined ? displayNameOf({ email: before.email, displayName: input.displayName }) : before.displayName;
    const outcome = await changeMember(db, before, { role: role as StaffRole, departmentId: department, displayName }, c.var.staff.id, c.var.clock());
    if (outcome.is !== 'changed') throw refusals[outcome.is]();
    return c.json({ user: publicUser(outcome.user) }, 200);
  })
  .post('/:id{[0-9]+}/disable', async (c) => {
    const outcome = await setMemberDisabled(c.var.db, await userOr404(c), true, c.var.staff.id, c.var.clock());
    if (outcome.is !== 'done') throw refusals[outcome.is]();
    return c.json({ user: publicUser(outcome.user) }, 200);
  })
  .post('/:id{[0-9]+}/enable', async (c) => {
    const outcome = await setMemberDisabled(c.var.db, await userOr404(c), false, c.var.staff.id, c.var.clock());
    if (outcome.is !== 'done') throw refusals[outcome.is]();
    return c.json({ user: publicUser(outcome.user) }, 200);
  })
  .post('/:id{[0-9]+}/reset', async (c) => {
    const db = c.var.db;
    const user = await userOr404(c);
    const outcome = await resetMember(db, user, c.var.staff.id, c.var.clock());
    if (outcome.is === 'self') throw new ApiError(409, 'own_account', staffErrors.cannotResetSelf);
    if (outcome.is === 'disabled') throw new ApiError(409, 'account_disabled', staffErrors.resetDisabled);
    return c.json(withLink(publicUser((await findUserById(db, user.id)) ?? user), publicOrigin(c), outcome.link), 200);
  })
  .all('/', methodNotAllowed)
  .all('/:id{[0-9]+}', methodNotAllowed)
  .all('/:id{[0-9]+}/disable', methodNotAllowed)
  .all('/:id{[0-9]+}/enable', methodNotAllowed)
  .all('/:id{[0-9]+}/reset', methodNotAllowed);
