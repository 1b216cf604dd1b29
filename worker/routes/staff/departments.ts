/**
 * Departments: every member of staff may list them; admins add them.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { createDepartment, listDepartments } from '../../db/departments';
import { charCount, hasUnprintable } from '../../feedback/rules';
import { ApiError, methodNotAllowed, validationError } from '../../http/errors';
import { jsonBody } from '../../http/json-body';
import { validate } from '../../http/validate';
import { DEPARTMENT_NAME_MAX, staffErrors, staffFieldMessages } from '../../staff/messages';
import type { StaffEnv } from './env';
import { requirePermission, staffSession } from './session-auth';

const m = staffFieldMessages.name;

export const staffDepartmentsRoute = new Hono<StaffEnv>()
  .use(staffSession())
  .get('/', async (c) => c.json({ departments: await listDepartments(c.var.db) }, 200))
  .post(
    '/',
    requirePermission('department.create'),
    jsonBody({ maxBytes: 1024 }),
    validate('json', z.object({ name: z.string().max(1000) }), { name: m.required }),
    async (c) => {
      const name = c.req.valid('json').name.trim();
      if (name === '') throw validationError({ name: m.required });
      if (hasUnprintable(name)) throw validationError({ name: m.invalidChars });
      if (charCount(name) > DEPARTMENT_NAME_MAX) throw validationError({ name: m.tooLong });
      const department = await createDepartment(c.var.db, name, c.var.staff.id, Date.now());
      if (!department) throw new ApiError(409, 'department_exists', staffErrors.departmentExists);
      return c.json(department, 201);
    },
  )
  .all('/', methodNotAllowed);
