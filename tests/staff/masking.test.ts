/**
 * Masked contact details, and the audited reveal of the full values.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskEmail, maskName, maskPhone } from '../../worker/staff/masking';
import { seedSample } from '../helpers/api';
import { json, signedIn, staff, submitPublic, type TestUser } from './helpers';

describe('masking', () => {
  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['李', '*'],
    ['Zhang Wei', 'Z********'],
  ])('shows only the first character of a name: %s → %s', (name, masked) => expect(maskName(name)).toBe(masked));

  it.each([
    ['13812345678', '138****5678'],
    ['138 1234 5678', '138****5678'],
    ['+86 138-1234-5678', '138****5678'],
    ['0755-25772603', '075****2603'],
    ['25772603', '****2603'],
  ])('shows only the ends of a phone number: %s → %s', (phone, masked) => expect(maskPhone(phone)).toBe(masked));

  it.each([
    ['zhang@example.com', 'z***@example.com'],
    ['王@例子.中国', '王***@例子.中国'],
  ])('shows only the first letter and the domain of an e-mail: %s → %s', (email, masked) => expect(maskEmail(email)).toBe(masked));
});

describe('contact details through the API', () => {
  let admin: TestUser;
  let handler: TestUser;
  let viewer: TestUser;
  const contact = { anonymous: false, name: '张三', phone: '13812345678', email: 'zhang@example.com', consent: true };

  beforeAll(async () => {
    await seedSample();
    [admin, handler, viewer] = await Promise.all([signedIn('admin'), signedIn('handler'), signedIn('viewer')]);
  });

  it('are masked in the detail for every role, viewers included', async () => {
    const f = await submitPublic(contact);
    for (const u of [admin, handler, viewer]) {
      const body = await json<{ contact: unknown; hasContact: boolean }>(await staff(`/feedback/${f.id}`, { cookie: u.cookie }));
      expect(body.contact).toEqual({ name: '张*', phone: '138****5678', email: 'z***@example.com' });
      expect(body.hasContact).toBe(true);
    }
  });

  it('are revealed in full to a handler, and the reveal is audited without the values', async () => {
    const f = await submitPublic(contact);
    const res = await staff(`/feedback/${f.id}/reveal`, { method: 'POST', cookie: handler.cookie });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ contact: { name: '张三', phone: '13812345678', email: 'zhang@example.com' } });
    const audit = await env.DB.prepare("select actor_id, after from audit_log where action = 'feedback.reveal' and target_id = ?").bind(String(f.id)).all();
    expect(audit.results).toEqual([{ actor_id: handler.id, after: '{"fields":["name","phone","email"]}' }]);
  });

  it('are never revealed to a viewer', async () => {
    const f = await submitPublic(contact);
    const res = await staff(`/feedback/${f.id}/reveal`, { method: 'POST', cookie: viewer.cookie });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: 'forbidden', message: '您的账号没有权限进行这项操作' } });
    const audit = await env.DB.prepare("select count(*) as n from audit_log where action = 'feedback.reveal' and target_id = ?").bind(String(f.id)).first<{ n: number }>();
    expect(audit!.n).toBe(0);
  });

  it('appear nowhere in the inbox, which says only whether there are any', async () => {
    await submitPublic(contact);
    const text = await (await staff('/feedback', { cookie: admin.cookie })).text();
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('张三');
    expect(text).not.toContain('zhang@example.com');
    expect(text).toContain('"hasContact":true');
  });
});
