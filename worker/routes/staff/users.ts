/**
 * Staff accounts, for admins: the list, and new accounts with a one-time
 * password shown once in the answer (the user must change it at first sign-in).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { createStaffUser, listStaffUsers } from '../../db/staff-users';
import { ApiError, methodNotAllowed, validationError } from '../../http/errors';
import { jsonBody } from '../../http/json-body';
import { validate } from '../../http/validate';
import { accountFailures, displayNameOf } from '../../staff/account-rules';
import { departmentExists } from '../../staff/accounts';
import { accountMessage, staffErrors, staffFieldMessages } from '../../staff/messages';
import type { StaffRole } from '../../staff/roles';
import type { StaffEnv } from './env';
import { requirePermission, staffSession } from './session-auth';

const m = staffFieldMessages;

const userInput = z.object({
  email: z.string().max(320),
  displayName: z.string().max(1000).nullish(),
  role: z.string().max(20),
  departmentId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullish(),
});

export const staffUsersRoute = new Hono<StaffEnv>()
  .use(staffSession(), requirePermission('user.manage'))
  .get('/', async (c) => c.json({ users: await listStaffUsers(c.var.db) }, 200))
  .post(
    '/',
    jsonBody({ maxBytes: 4096 }),
    validate('json', userInput, { email: m.email.invalid, displayName: m.displayName.tooLong, role: m.role.required, departmentId: m.departmentId.unknown }),
    async (c) => {
      const input = c.req.valid('json');
      const fields = Object.fromEntries(accountFailures(input).map(([field, rule]) => [field, accountMessage(rule)]));
      if (!fields.departmentId && input.departmentId != null && !(await departmentExists(c.var.db, input.departmentId))) {
        fields.departmentId = m.departmentId.unknown;
      }
      if (Object.keys(fields).length > 0) throw validationError(fields);
      const created = await createStaffUser(
        c.var.db,
        { email: input.email, displayName: displayNameOf(input), role: input.role as StaffRole, departmentId: input.departmentId ?? null },
        c.var.staff.id,
        Date.now(),
      );
      if (!created) throw new ApiError(409, 'user_exists', staffErrors.userExists);
      return c.json(created, 201);
    },
  )
  .all('/', methodNotAllowed);
