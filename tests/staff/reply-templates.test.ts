/**
 * Reply templates (答复模板, /api/staff/reply-templates): whoever may reply lists
 * them; only admins add, change and delete them; a title is unique (409 with a
 * message); a change or deletion made on a stale read is refused (409) and writes
 * nothing; each field's problem has its own message; every write leaves exactly
 * one audit entry with what changed.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { staffErrors, templateFieldMessages } from '../../worker/staff/messages';
import { TEMPLATE_BODY_MAX, TEMPLATE_TITLE_MAX } from '../../worker/staff/reply-templates';
import { createDepartment, json, signedIn, staff, type TestUser } from './helpers';

let admin: TestUser;
let handler: TestUser;
let viewer: TestUser;

interface Template {
  id: number;
  title: string;
  body: string;
  createdAt: number;
  updatedAt: number;
}

beforeAll(async () => {
  admin = await signedIn('admin');
  handler = await signedIn('handler', { departmentId: await createDepartment() });
  viewer = await signedIn('viewer');
});

const uniqueTitle = (what: string) => `${what}-${crypto.randomUUID().slice(0, 8)}`;

async function create(title = uniqueTitle('已办结'), body = '您反映的问题已办理完毕，感谢您的监督。'): Promise<Template> {
  const res = await staff('/reply-templates', { method: 'POST', cookie: admin.cookie, body: { title, body } });
  expect(res.status, await res.clone().text()).toBe(201);
  return json<Template>(res);
}

async function auditOf(id: number) {
  return (
    await env.DB.prepare("select action, actor_id, before, after from audit_log where target_type = 'reply_template' and target_id = ? order by id")
      .bind(String(id))
      .all<{ action: string; actor_id: number; before: string | null; after: string | null }>()
  ).results.map((e) => ({ action: e.action, actorId: e.actor_id, before: e.before && JSON.parse(e.before), after: e.after && JSON.parse(e.after) }));
}

async function stored(id: number) {
  return env.DB.prepare('select title, body, updated_at from reply_templates where id = ?').bind(id).first<{ title: string; body: string; updated_at: number }>();
}

const validation = (fields: Record<string, string>) => ({ error: { code: 'validation_failed', message: '提交的信息有误，请按提示修改', fields } });

describe('creating, changing and deleting a template', () => {
  it('stores a new template, trimmed, lists it for everyone who may reply, and audits it', async () => {
    const title = uniqueTitle('不属于本部门');
    const t = await create(`  ${title} `, '  您反映的问题不属于本单位职责，已转交有关部门。\n请留意后续答复。 ');
    expect(t).toMatchObject({ title, body: '您反映的问题不属于本单位职责，已转交有关部门。\n请留意后续答复。' });
    expect(await stored(t.id)).toMatchObject({ title, updated_at: t.updatedAt });

    for (const who of [admin, handler]) {
      const list = await json<{ templates: Template[] }>(await staff('/reply-templates', { cookie: who.cookie }));
      expect(list.templates).toContainEqual(t);
    }
    expect(await auditOf(t.id)).toEqual([{ action: 'reply_template.create', actorId: admin.id, before: null, after: { title, body: t.body } }]);
  });

  it('changes the title or the body of the template as read, with one audit entry saying what changed', async () => {
    const t = await create();
    const title = uniqueTitle('已答复');
    const res = await staff(`/reply-templates/${t.id}`, { method: 'PATCH', cookie: admin.cookie, body: { title, updatedAt: t.updatedAt } });
    expect(res.status).toBe(200);
    const changed = await json<Template>(res);
    expect(changed).toMatchObject({ id: t.id, title, body: t.body });
    expect(changed.updatedAt).toBeGreaterThan(t.updatedAt);
    expect(await stored(t.id)).toEqual({ title, body: t.body, updated_at: changed.updatedAt });
    expect((await auditOf(t.id)).slice(1)).toEqual([{ action: 'reply_template.update', actorId: admin.id, before: { title: t.title }, after: { title } }]);
  });

  it('deletes the template as read, keeping its text in the audit entry', async () => {
    const t = await create();
    const res = await staff(`/reply-templates/${t.id}?updatedAt=${t.updatedAt}`, { method: 'DELETE', cookie: admin.cookie });
    expect(res.status).toBe(204);
    expect(await stored(t.id)).toBeNull();
    expect((await auditOf(t.id)).slice(1)).toEqual([{ action: 'reply_template.delete', actorId: admin.id, before: { title: t.title, body: t.body }, after: null }]);
    const again = await staff(`/reply-templates/${t.id}?updatedAt=${t.updatedAt}`, { method: 'DELETE', cookie: admin.cookie });
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ error: { code: 'template_not_found', message: staffErrors.templateNotFound } });
  });
});

describe('who may', () => {
  it('lets only admins write, and nobody who may not reply read', async () => {
    const t = await create();
    const forbidden = { error: { code: 'forbidden', message: staffErrors.forbidden } };
    for (const who of [handler, viewer]) {
      for (const [method, path, body] of [
        ['POST', '/reply-templates', { title: uniqueTitle('越权'), body: '内容' }],
        ['PATCH', `/reply-templates/${t.id}`, { body: '改过的内容', updatedAt: t.updatedAt }],
        ['DELETE', `/reply-templates/${t.id}?updatedAt=${t.updatedAt}`, undefined],
      ] as const) {
        const res = await staff(path, { method, cookie: who.cookie, body });
        expect(res.status, `${method} ${path}`).toBe(403);
        expect(await res.json()).toEqual(forbidden);
      }
    }
    const read = await staff('/reply-templates', { cookie: viewer.cookie });
    expect(read.status).toBe(403);
    expect((await staff('/reply-templates')).status).toBe(401);
    expect(await stored(t.id)).toEqual({ title: t.title, body: t.body, updated_at: t.updatedAt });
    expect(await auditOf(t.id)).toHaveLength(1);
  });
});

describe('conflicts', () => {
  it('refuses a title another template has, on creation and on change, with a message and nothing written', async () => {
    const t = await create();
    const dup = await staff('/reply-templates', { method: 'POST', cookie: admin.cookie, body: { title: ` ${t.title} `, body: '另一段内容' } });
    expect(dup.status).toBe(409);
    expect(await dup.json()).toEqual({ error: { code: 'template_exists', message: '已有同样标题的答复模板，请换一个标题' } });
    expect((await env.DB.prepare('select count(*) as n from reply_templates where title = ?').bind(t.title).first<{ n: number }>())!.n).toBe(1);

    const other = await create();
    const clash = await staff(`/reply-templates/${other.id}`, { method: 'PATCH', cookie: admin.cookie, body: { title: t.title, updatedAt: other.updatedAt } });
    expect(clash.status).toBe(409);
    expect(await clash.json()).toEqual({ error: { code: 'template_exists', message: staffErrors.templateExists } });
    expect(await stored(other.id)).toEqual({ title: other.title, body: other.body, updated_at: other.updatedAt });
    expect(await auditOf(other.id)).toHaveLength(1);
  });

  it('refuses a change or a deletion made on a stale read, and writes nothing', async () => {
    const t = await create();
    const first = await json<Template>(await staff(`/reply-templates/${t.id}`, { method: 'PATCH', cookie: admin.cookie, body: { body: '第一位管理员改的内容', updatedAt: t.updatedAt } }));

    const late = await staff(`/reply-templates/${t.id}`, { method: 'PATCH', cookie: admin.cookie, body: { body: '第二位管理员改的内容', updatedAt: t.updatedAt } });
    expect(late.status).toBe(409);
    expect(await late.json()).toEqual({ error: { code: 'stale', message: '这个答复模板刚刚被其他人修改，请刷新页面后重试' } });
    const lateDelete = await staff(`/reply-templates/${t.id}?updatedAt=${t.updatedAt}`, { method: 'DELETE', cookie: admin.cookie });
    expect(lateDelete.status).toBe(409);
    expect(await stored(t.id)).toEqual({ title: t.title, body: '第一位管理员改的内容', updated_at: first.updatedAt });
    expect((await auditOf(t.id)).map((e) => e.action)).toEqual(['reply_template.create', 'reply_template.update']);
  });

  it('needs the version read for a change or a deletion', async () => {
    const t = await create();
    const patch = await staff(`/reply-templates/${t.id}`, { method: 'PATCH', cookie: admin.cookie, body: { body: '没有版本号' } });
    expect(patch.status).toBe(422);
    expect(await patch.json()).toEqual(validation({ updatedAt: templateFieldMessages.updatedAt.required }));
    const del = await staff(`/reply-templates/${t.id}`, { method: 'DELETE', cookie: admin.cookie });
    expect(del.status).toBe(422);
    expect(await stored(t.id)).not.toBeNull();
  });
});

describe('validation', () => {
  it.each([
    ['an empty title and body', { title: ' ', body: '\n' }, { title: '请填写模板标题', body: '请填写模板内容' }],
    ['a missing title and body', {}, { title: '请填写模板标题', body: '请填写模板内容' }],
    ['values of the wrong type', { title: 3, body: null }, { title: '请填写模板标题', body: '请填写模板内容' }],
    ['a title too long', { title: '题'.repeat(TEMPLATE_TITLE_MAX + 1), body: '内容' }, { title: `模板标题不能超过 ${TEMPLATE_TITLE_MAX} 个字` }],
    ['a body too long', { title: uniqueTitle('长'), body: '答'.repeat(TEMPLATE_BODY_MAX + 1) }, { body: `模板内容不能超过 ${TEMPLATE_BODY_MAX} 个字` }],
    ['a title of two lines', { title: '第一行\n第二行', body: '内容' }, { title: '模板标题含有无法识别的字符，请重新填写' }],
    ['a control character in the body', { title: uniqueTitle('控制'), body: '内容\u0000' }, { body: '模板内容含有无法识别的字符，请删除后再保存' }],
  ])('refuses %s with a message per field', async (_what, body, fields) => {
    const before = (await env.DB.prepare('select count(*) as n from reply_templates').first<{ n: number }>())!.n;
    const res = await staff('/reply-templates', { method: 'POST', cookie: admin.cookie, body });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual(validation(fields));
    expect((await env.DB.prepare('select count(*) as n from reply_templates').first<{ n: number }>())!.n).toBe(before);
  });

  it('checks a change by the same rules, field by field', async () => {
    const t = await create();
    const res = await staff(`/reply-templates/${t.id}`, { method: 'PATCH', cookie: admin.cookie, body: { body: '  ', updatedAt: t.updatedAt } });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual(validation({ body: '请填写模板内容' }));
    expect(await stored(t.id)).toEqual({ title: t.title, body: t.body, updated_at: t.updatedAt });
  });
});
