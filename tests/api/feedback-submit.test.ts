import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { feedbackInput } from '../../worker/feedback/input';
import { sha256Hex } from '../../worker/lib/crypto';
import { call, itemIdAt, postJson, seedSample, SLUG, validFeedback, type ErrorJson } from '../helpers/api';

interface Receipt {
  ref: string;
  queryCode: string;
  acknowledgeBy: string;
  replyBy: string;
}

async function storedCount(): Promise<number> {
  const row = await env.DB.prepare('select count(*) as n from feedback').first<{ n: number }>();
  return row!.n;
}

async function requestHashOf(key: string): Promise<string> {
  const row = await env.DB.prepare('select request_hash from idempotency_keys where key_hash = ?').bind(await sha256Hex(`idempotency:${key}`)).first<{ request_hash: string }>();
  return row!.request_hash;
}

beforeAll(async () => {
  await seedSample();
});

describe('POST /api/feedback', () => {
  it('stores feedback on an item with contact details and consent, and returns a readable receipt', async () => {
    const itemId = await itemIdAt(1, 2, 1);
    const res = await postJson(
      '/api/feedback',
      validFeedback({ itemId, kind: 'report', anonymous: false, name: '张三', phone: '138 1234 5678', email: 'zhang@example.com', consent: true }),
    );
    expect(res.status).toBe(201);
    const r = (await res.json()) as Receipt;
    expect(r.ref).toMatch(/^DX-\d{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
    expect(r.queryCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(r.acknowledgeBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const row = await env.DB.prepare('select * from feedback where ref = ?').bind(r.ref).first<Record<string, unknown>>();
    expect(row).toMatchObject({ item_id: itemId, kind: 'report', name: '张三', phone: '138 1234 5678', email: 'zhang@example.com', status: 'new', channel: 'web' });
    expect(row!.consent_at).toBeTypeOf('number');
    // Only the hash of the query code is kept.
    expect(JSON.stringify(row)).not.toContain(r.queryCode);
    const events = await env.DB.prepare('select type, to_status from feedback_events where feedback_id = ?').bind(row!.id).all();
    expect(events.results).toEqual([{ type: 'submitted', to_status: 'new' }]);
  });

  it('shows a stored submission in the notice\'s count on the next read, a replay and a refusal leaving it as it was', async () => {
    const total = async () => ((await (await call(`/api/notices/${SLUG}`)).json()) as { feedbackCount: number }).feedbackCount;
    const before = await total();
    expect(await total()).toBe(before);
    const key = crypto.randomUUID();
    expect((await postJson('/api/feedback', validFeedback(), { 'idempotency-key': key })).status).toBe(201);
    expect(await total()).toBe(before + 1);
    expect((await postJson('/api/feedback', validFeedback(), { 'idempotency-key': key })).status).toBe(201);
    expect((await postJson('/api/feedback', validFeedback({ itemId: 999_999 }))).status).toBe(404);
    expect(await total()).toBe(before + 1);
  });

  it('sets the acknowledgement deadline 15 days and the reply deadline 60 days after receipt', async () => {
    const res = await postJson('/api/feedback', validFeedback());
    const r = (await res.json()) as Receipt;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const plus = (d: number) => new Date(Date.parse(today) + d * 86_400_000).toISOString().slice(0, 10);
    expect(r.acknowledgeBy).toBe(plus(15));
    expect(r.replyBy).toBe(plus(60));
  });

  it('returns the same receipt and stores nothing new when the same Idempotency-Key is repeated with the same body', async () => {
    const key = crypto.randomUUID();
    const first = await postJson('/api/feedback', validFeedback(), { 'idempotency-key': key });
    const count = await storedCount();
    const second = await postJson('/api/feedback', validFeedback(), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(await second.json()).toEqual(await first.json());
    expect(await storedCount()).toBe(count);
  });

  it('refuses the same Idempotency-Key with a different body with 409', async () => {
    const key = crypto.randomUUID();
    await postJson('/api/feedback', validFeedback(), { 'idempotency-key': key });
    const res = await postJson('/api/feedback', validFeedback({ content: '另一条不同的反馈内容。' }), { 'idempotency-key': key });
    expect(res.status).toBe(409);
    expect(((await res.json()) as ErrorJson).error.message).toBe('这次提交与之前使用同一请求编号的提交内容不同，请刷新页面后重新提交');
  });

  it('keeps of what was sent only a hash keyed by the Idempotency-Key, so that erased contact details cannot be found again from it', async () => {
    const body = validFeedback({ anonymous: false, phone: '13812345678', consent: true });
    const keys = [crypto.randomUUID(), crypto.randomUUID()];
    for (const key of keys) expect((await postJson('/api/feedback', body, { 'idempotency-key': key })).status).toBe(201);
    const hashes = await Promise.all(keys.map((key) => requestHashOf(key)));
    // The same words under two keys: two hashes; a bare hash of the request would be one, and anyone with the table could try every phone number against it.
    expect(hashes[0]).not.toBe(hashes[1]);
    expect(hashes).not.toContain(await sha256Hex(JSON.stringify(feedbackInput.parse(body))));
    // Each still tells its retry from another submission.
    expect((await postJson('/api/feedback', body, { 'idempotency-key': keys[0]! })).status).toBe(201);
    expect((await postJson('/api/feedback', { ...body, phone: '13812345679' }, { 'idempotency-key': keys[0]! })).status).toBe(409);
  });

  it('still answers a retry whose record holds the bare hash it was made with before 2026-12-01, and still refuses other words under its key', async () => {
    const key = crypto.randomUUID();
    const body = validFeedback();
    const first = await postJson('/api/feedback', body, { 'idempotency-key': key });
    await env.DB.prepare('update idempotency_keys set request_hash = ? where key_hash = ?')
      .bind(await sha256Hex(JSON.stringify(feedbackInput.parse(body))), await sha256Hex(`idempotency:${key}`))
      .run();
    const count = await storedCount();
    const again = await postJson('/api/feedback', body, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(await first.json());
    expect(await storedCount()).toBe(count);
    expect((await postJson('/api/feedback', validFeedback({ content: '另一条不同的反馈内容。' }), { 'idempotency-key': key })).status).toBe(409);
  });

  it('stores exactly one feedback when the same submission arrives twice at once', async () => {
    const key = crypto.randomUUID();
    const count = await storedCount();
    const [a, b] = await Promise.all([
      postJson('/api/feedback', validFeedback(), { 'idempotency-key': key }),
      postJson('/api/feedback', validFeedback(), { 'idempotency-key': key }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(((await a.json()) as Receipt).ref).toBe(((await b.json()) as Receipt).ref);
    expect(await storedCount()).toBe(count + 1);
  });

  it('requires an Idempotency-Key that is a UUID', async () => {
    const res = await postJson('/api/feedback', validFeedback(), { 'idempotency-key': 'not-a-uuid' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.code).toBe('idempotency_key_required');
  });

  it('answers an unknown item with 404', async () => {
    const res = await postJson('/api/feedback', validFeedback({ itemId: 999_999 }));
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorJson).error).toMatchObject({ code: 'item_not_found', message: '找不到这项整改事项' });
  });

  it('answers an unknown notice with 404', async () => {
    const res = await postJson('/api/feedback', validFeedback({ noticeSlug: 'nowhere' }));
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorJson).error.code).toBe('notice_not_found');
  });
});

describe('POST /api/feedback with bad input', () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, string>]> = [
    ['empty content', { content: '   ' }, { content: '请填写反馈内容' }],
    ['content under 5 characters after trimming', { content: '  太短了  ' }, { content: '反馈内容至少需要 5 个字' }],
    ['content over 2000 characters', { content: '长'.repeat(2001) }, { content: '反馈内容不能超过 2000 个字，请删减后再提交' }],
    ['content with control characters', { content: '内容\u0000里有控制字符' }, { content: '反馈内容含有无法识别的字符，请删除后再提交' }],
    ['an unknown kind', { kind: 'complaint' }, { kind: '请选择反馈类型：意见、建议、反映问题或表扬' }],
    ['a missing anonymous flag', { anonymous: undefined }, { anonymous: '请选择是否匿名提交' }],
    ['a malformed phone', { anonymous: false, phone: '12345', consent: true }, { phone: '请填写正确的电话号码，如 13812345678 或 0755-25772603' }],
    ['a malformed e-mail', { anonymous: false, email: 'a@b', consent: true }, { email: '请填写正确的电子邮箱，如 name@example.com' }],
    ['contact details without consent', { anonymous: false, phone: '13812345678' }, { consent: '留下联系方式需要您同意个人信息处理说明；如不同意，请删除联系方式或选择匿名提交' }],
    ['contact details when anonymous', { anonymous: true, email: 'a@example.com', consent: true }, { email: '匿名提交时不能留下联系方式；如需我们联系您，请关闭“匿名提交”' }],
    ['an item id that is not a number', { itemId: 'abc' }, { itemId: '请选择通报中的一项整改事项，或选择“整份通报”' }],
    [
      'several problems at once',
      { kind: 7, content: '短', anonymous: false, phone: 'x' },
      { kind: '请选择反馈类型：意见、建议、反映问题或表扬', content: '反馈内容至少需要 5 个字', phone: '请填写正确的电话号码，如 13812345678 或 0755-25772603' },
    ],
  ];

  it.each(cases)('refuses %s with 422 and one message per field', async (_name, overrides, fields) => {
    const res = await postJson('/api/feedback', validFeedback(overrides));
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toBe('提交的信息有误，请按提示修改');
    expect(body.error.fields).toMatchObject(fields);
  });

  it('accepts mainland mobile and landline formats', async () => {
    for (const phone of ['13812345678', '+86 138 1234 5678', '0755-25772603', '(0755)25772603', '075525772603', '25772603', '010-62345678转123']) {
      const res = await postJson('/api/feedback', validFeedback({ anonymous: false, phone, consent: true }));
      expect(res.status, phone).toBe(201);
    }
  });

  it('answers malformed JSON with 400', async () => {
    const res = await postJson('/api/feedback', '{"content": ');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'malformed_json', message: '提交的数据格式有误，请刷新页面后重试' } });
  });

  it('answers a body that is not JSON with 415', async () => {
    const res = await call('/api/feedback', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(res.status).toBe(415);
    expect(((await res.json()) as ErrorJson).error.code).toBe('not_json');
  });

  it('answers a body over 16 KB with 413', async () => {
    const res = await postJson('/api/feedback', JSON.stringify(validFeedback({ content: 'x'.repeat(17 * 1024) })));
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorJson).error.code).toBe('too_large');
  });

  it('answers another method with 405', async () => {
    const res = await call('/api/feedback', { method: 'PUT' });
    expect(res.status).toBe(405);
  });
});
