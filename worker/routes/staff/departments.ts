/**
 * Departments: every member of staff may list them; admins add, rename and
 * merge them. A merge moves the department's feedback, items and staff to
 * another department and deletes it, atomically (db/departments.ts).
 */
import { Hono, type Context } from 'hono';
import * as z from 'zod/mini';
import {
  createDepartment, departmentCounts, findDepartment, listDepartments, mergeDepartment, renameDepartment, type Department,
} from '../../db/departments';
import { ApiError, methodNotAllowed, validationError } from '../../http/errors';
import { idParam } from '../../http/id-param';
import { jsonBody } from '../../http/json-body';
import { cappedText, validate } from '../../http/validate';
import { departmentNameProblem } from '../../staff/departments';
import { staffErrors, staffFieldMessages } from '../../staff/messages';
import type { StaffEnv } from './env';
import { requirePermission, staffSession } from './session-auth';

const m = staffFieldMessages;
const nameInput = z.object({ name: cappedText(1000, m.name.tooLong) });
const mergeInput = z.object({ into: z.int().check(z.positive(), z.maximum(Number.MAX_SAFE_INTEGER)) });

/** The name as it will be stored, or a 422 naming the rule it breaks (the same for a new name and a rename). */
function departmentName(raw: string): string {
  const name = raw.trim();
  const problem = departmentNameProblem(name);
  if (problem) throw validationError({ name: m.name[problem] });
  return name;
}

const departmentNotFound = () => new ApiError(404, 'department_not_found', staffErrors.departmentNotFound);

/** The department named in the path (`:id`), or 404. */
async function departmentOr404(c: Context<StaffEnv>): Promise<Department> {
  const department = await findDepartment(c.var.db, idParam(c, 'id', departmentNotFound));
  if (!department) throw departmentNotFound();
  return department;
}

export const staffDepartmentsRoute = new Hono<StaffEnv>()
  .use(staffSession())
  .get('/', async (c) => c.json({ departments: await listDepartments(c.var.db) }, 200))
  .post(
    '/',
    requirePermission('department.create'),
    jsonBody({ maxBytes: 1024 }),
    validate('json', nameInput, { name: m.name.required }),
    async (c) => {
      const name = departmentName(c.req.valid('json').name);
      const department = await createDepartment(c.var.db, name, c.var.staff.id, c.var.clock());
      if (!department) throw new ApiError(409, 'department_exists', staffErrors.departmentExists);
      return c.json(department, 201);
    },
  )
  // What a merge would move, for the console's confirmation.
  .get('/:id{[0-9]+}', requirePermission('department.manage'), async (c) => {
    const department = await departmentOr404(c);
    return c.json({ ...department, counts: await departmentCounts(c.var.db, department.id) }, 200);
  })
  .patch(
    '/:id{[0-9]+}',
    requirePermission('department.manage'),
    jsonBody({ maxBytes: 1024 }),
    validate('json', nameInput, { name: m.name.required }),
    async (c) => {
      const db = c.var.db;
      const was = await departmentOr404(c);
      const name = departmentName(c.req.valid('json').name);
      const outcome = await renameDepartment(db, was, name, c.var.staff.id, c.var.clock());
      switch (outcome.is) {
        case 'renamed':
        case 'unchanged':
          return c.json(outcome.department, 200);
        case 'taken':
          throw new ApiError(409, 'department_exists', staffErrors.departmentExists);
        case 'changed':
          throw new ApiError(409, 'department_changed', staffErrors.departmentChanged);
      }
    },
  )
  .post(
    '/:id{[0-9]+}/merge',
    requirePermission('department.manage'),
    jsonBody({ maxBytes: 1024 }),
    validate('json', mergeInput, { into: m.into.required }),
    async (c) => {
      const db = c.var.db;
      const from = await departmentOr404(c);
      const { into: intoId } = c.req.valid('json');
      if (intoId === from.id) throw validationError({ into: m.into.self });
      const into = await findDepartment(db, intoId);
      if (!into) throw validationError({ into: m.into.unknown });
      const moved = await mergeDepartment(db, from, into, c.var.staff.id, c.var.clock());
      if (!moved) throw new ApiError(409, 'department_changed', staffErrors.departmentChanged);
      return c.json({ into, moved }, 200);
    },
  )
  .all('/', methodNotAllowed)
  .all('/:id{[0-9]+}', methodNotAllowed)
  .all('/:id{[0-9]+}/merge', methodNotAllowed);
