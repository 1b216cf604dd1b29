import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../worker/db/client';
import { purgeExpiredContacts } from '../../worker/feedback/retention';
import { postJson, seedSample, validFeedback } from '../helpers/api';

const DAY = 86_400_000;

async function submitWithContacts(): Promise<string> {
  const res = await postJson('/api/feedback', validFeedback({ anonymous: false, name: '李四', phone: '13912345678', consent: true }));
  return ((await res.json()) as { ref: string }).ref;
}

async function contacts(ref: string) {
  return env.DB.prepare('select name, phone, email from feedback where ref = ?').bind(ref).first();
}

beforeAll(async () => {
  await seedSample();
});

describe('erasing contact details after the retention period', () => {
  it('erases them once a closed feedback has been closed longer than the period, and audits it', async () => {
    const now = Date.now();
    const old = await submitWithContacts();
    const recent = await submitWithContacts();
    const open = await submitWithContacts();
    await env.DB.prepare("update feedback set status = 'closed', closed_at = ? where ref = ?").bind(now - 1100 * DAY, old).run();
    await env.DB.prepare("update feedback set status = 'closed', closed_at = ? where ref = ?").bind(now - 10 * DAY, recent).run();

    expect(await purgeExpiredContacts(createDb(env.DB), now, 1095)).toBe(1);

    expect(await contacts(old)).toEqual({ name: null, phone: null, email: null });
    expect(await contacts(recent)).toEqual({ name: '李四', phone: '13912345678', email: null });
    expect(await contacts(open)).toEqual({ name: '李四', phone: '13912345678', email: null });
    const audit = await env.DB.prepare("select after from audit_log where action = 'retention.erase_contacts' order by id desc").first<{ after: string }>();
    expect(JSON.parse(audit!.after)).toMatchObject({ count: 1, retentionDays: 1095 });
  });
});
