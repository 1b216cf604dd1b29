/**
 * The Worker's email() handler, as Email Routing calls it: with a ForwardableEmailMessage made
 * from a fixture (the pool has no email helper: tests call the exported handler directly). The
 * envelope is Cloudflare's; the answer goes out through the SEND_EMAIL binding; refused mail a
 * person may have sent is rejected at SMTP time, and automatic mail is dropped quietly and
 * never answered. Worker only: the Node host has no email() handler (its door is HTTP).
 */
import { createExecutionContext, env } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createDb } from '../../worker/db/d1';
import { feedback } from '../../worker/db/schema';
import worker from '../../worker/index';
import type { Env } from '../../worker/env';
import { hashQueryCode } from '../../worker/feedback/codes';
import { answerNotes, rejectText } from '../../worker/mail/messages';
import { ANSWERS_PER_SENDER_DAY, MAX_RAW_BYTES } from '../../worker/mail/receive';
import { seedSample } from '../helpers/api';
import { feedbackCount, fixtures, fresh, latestMailRows, NOTICE_ADDRESS, storedMailFeedback } from '../helpers/mail';

const ORIGIN = 'https://zhenggai.example.gov.cn';

function message(raw: Uint8Array, envelope: { from?: string; to?: string } = {}, rawSize = raw.length) {
  return {
    from: envelope.from ?? 'zhang.san@qq.com',
    to: envelope.to ?? NOTICE_ADDRESS,
    headers: new Headers(),
    raw: new Response(raw as Uint8Array<ArrayBuffer>).body!,
    rawSize,
    setReject: vi.fn(),
    forward: vi.fn(),
    reply: vi.fn(),
  };
}

function bindings(send?: (m: unknown) => Promise<unknown>, extra: Partial<Env> = {}) {
  const binding = { send: vi.fn(send ?? (async () => ({ messageId: 'x' }))) };
  return { env: { ...env, PUBLIC_ORIGIN: ORIGIN, MAIL_FROM: 'noreply@szlh.gov.cn', SEND_EMAIL: binding, ...extra } as unknown as Env, send: binding.send };
}

async function deliver(msg: ReturnType<typeof message>, e: Env) {
  await worker.email!(msg as unknown as ForwardableEmailMessage, e, createExecutionContext());
}

beforeAll(async () => {
  await seedSample();
});

describe('email(): mail through Email Routing', () => {
  it('stores a GBK mail and answers the sender with the reference, the query code and the tracking link', async () => {
    const { env: e, send } = bindings();
    const msg = message(fresh(fixtures.gbkBase64()));
    await deliver(msg, e);
    expect(msg.setReject).not.toHaveBeenCalled();
    expect(send).toHaveBeenCalledTimes(1);
    const sent = send.mock.calls[0]![0] as { from: string; to: string; subject: string; text: string; headers: Record<string, string> };
    const ref = /编号：(\S+)/.exec(sent.text)![1]!;
    const code = /查询码：(\S+)/.exec(sent.text)![1]!;
    expect(sent).toMatchObject({ from: 'noreply@szlh.gov.cn', to: 'zhang.san@qq.com', subject: '已收到：关于二(三)2的意见' });
    expect(sent.text).toContain(`查询办理进度和答复：${ORIGIN}/track#ref=${encodeURIComponent(ref)}&code=${encodeURIComponent(code)}`);
    expect(sent.headers).toMatchObject({ 'Auto-Submitted': 'auto-replied' });
    expect(sent.headers['In-Reply-To']).toMatch(/^<.*gbk-base64-0001@qq\.com>$/);
    const stored = (await storedMailFeedback(ref))!;
    // The code in the answer is the feedback's own (only its hash is stored).
    expect(stored.f.queryCodeHash).toBe(await hashQueryCode(ref, code));
    expect(stored.f).toMatchObject({ channel: 'email', email: 'zhang.san@qq.com', consentAt: null });
    expect(stored.mail).toMatchObject({ door: 'email_routing', answer: 'sent' });
    expect(stored.events.find((ev) => ev.type === 'mail_answer')).toMatchObject({ public: false, text: answerNotes.sent });
  });

  it('records not_configured, and sends nothing, without MAIL_FROM or SEND_EMAIL', async () => {
    for (const extra of [{ MAIL_FROM: '' }, { SEND_EMAIL: undefined }] as Partial<Env>[]) {
      const { env: e, send } = bindings(undefined, extra);
      const msg = message(fresh(fixtures.gb18030Qp()), { from: 'li.si@163.com' });
      await deliver(msg, e);
      expect(send).not.toHaveBeenCalled();
      const [row] = await latestMailRows();
      expect(row).toMatchObject({ outcome: 'accepted', answer: 'not_configured' });
    }
  });

  it('refuses mail for now (a temporary failure, so the server retries) where APP_SECRET is not set, reading and storing nothing', async () => {
    for (const secret of ['', '   ', undefined]) {
      const { env: e, send } = bindings(undefined, { APP_SECRET: secret });
      const before = { feedback: await feedbackCount(), mail: (await latestMailRows())[0]?.id ?? 0 };
      const raw = fresh(fixtures.gbkBase64());
      const msg = withFrom(raw, 'wang.wu@qq.com');
      await expect(deliver(msg, e)).rejects.toThrow(/APP_SECRET not set/);
      expect(msg.setReject).not.toHaveBeenCalled();
      expect(send).not.toHaveBeenCalled();
      expect(await feedbackCount()).toBe(before.feedback);
      expect((await latestMailRows())[0]?.id ?? 0).toBe(before.mail);
      // The same mail, retried once the secret is set, comes in.
      await deliver(withFrom(raw, 'wang.wu@qq.com'), bindings().env);
      expect(await feedbackCount()).toBe(before.feedback + 1);
    }
  });

  it('keeps the feedback and tells staff when the answer fails to go out', async () => {
    const { env: e } = bindings(async () => {
      throw new Error('E_SENDER_NOT_VERIFIED');
    });
    await deliver(message(fresh(fixtures.raw8bitSubject()), { from: 'zhao.liu@sina.com' }), e);
    const [row] = await latestMailRows();
    expect(row).toMatchObject({ outcome: 'accepted', answer: 'failed' });
    const events = (await storedMailFeedback(await refOf(row!.feedbackId!)))!.events;
    expect(events.map((ev) => ev.text)).toContain(answerNotes.failed);
  });

  it(`answers one sender at most ${ANSWERS_PER_SENDER_DAY} times a day, and still takes the mail`, async () => {
    const { env: e, send } = bindings();
    for (let i = 0; i < ANSWERS_PER_SENDER_DAY + 1; i++) await deliver(withFrom(fresh(fixtures.gbkBase64()), 'flood@qq.com'), e);
    expect(send).toHaveBeenCalledTimes(ANSWERS_PER_SENDER_DAY);
    expect((await latestMailRows())[0]).toMatchObject({ outcome: 'accepted', answer: 'limited' });
  });
});

async function refOf(feedbackId: number): Promise<string> {
  const row = await createDb(env.DB).select({ ref: feedback.ref }).from(feedback).where(eq(feedback.id, feedbackId)).get();
  return row!.ref;
}

/** The GBK fixture from another sender (From header and envelope agree). */
function withFrom(raw: Uint8Array, from: string) {
  const text = Array.from(raw, (b) => String.fromCharCode(b)).join('').replace('<zhang.san@qq.com>', `<${from}>`);
  return message(Uint8Array.from(text, (c) => c.charCodeAt(0)), { from });
}

describe('email(): bad mail', () => {
  async function refusedQuietly(msg: ReturnType<typeof message>, reason: string, rejected: boolean) {
    const { env: e, send } = bindings();
    const before = await feedbackCount();
    await deliver(msg, e);
    expect(send).not.toHaveBeenCalled();
    expect(await feedbackCount()).toBe(before);
    expect((await latestMailRows())[0]).toMatchObject({ outcome: 'refused', reason, door: 'email_routing', feedbackId: null });
    if (rejected) expect(msg.setReject).toHaveBeenCalledWith(rejectText[reason as keyof typeof rejectText]);
    else expect(msg.setReject).not.toHaveBeenCalled();
  }

  it('drops an auto-reply without answering or rejecting it', () => refusedQuietly(message(fresh(fixtures.autoReply()), { from: '' }), 'auto_reply', false));
  it('drops bulk mail', () => refusedQuietly(message(fresh(fixtures.bulk()), { from: 'bounce@newsletter.example.com' }), 'bulk', false));
  it('rejects a From header of another domain than the envelope (a forged sender)', () =>
    refusedQuietly(message(fresh(fixtures.gbkBase64()), { from: 'mailer@evil.example' }), 'forged_sender', true));
  it('takes a From of the same organisation as the envelope (a subdomain)', async () => {
    const { env: e } = bindings();
    const msg = message(fresh(fixtures.gbkBase64()), { from: 'bounces+123@mail.qq.com' });
    await deliver(msg, e);
    expect(msg.setReject).not.toHaveBeenCalled();
    expect((await latestMailRows())[0]).toMatchObject({ outcome: 'accepted' });
  });
  it('takes mail forwarded to the Worker\'s own address by the notice\'s address in its headers', async () => {
    const { env: e } = bindings();
    const msg = message(fresh(fixtures.gbkBase64()), { to: 'inbox@rectification-watch.example' });
    await deliver(msg, e);
    expect(msg.setReject).not.toHaveBeenCalled();
    expect((await latestMailRows())[0]).toMatchObject({ outcome: 'accepted' });
  });
  it('rejects mail to an address no notice gives', () =>
    refusedQuietly(message(fresh(fixtures.unknownAddress()), { from: 'zhou.jiu@qq.com', to: 'other@szlh.gov.cn' }), 'unknown_address', true));
  it('rejects a mail without text', () => refusedQuietly(message(fresh(fixtures.noText()), { from: 'qian.qi@qq.com' }), 'no_text', true));
  it('rejects a mail larger than it reads without reading it', async () => {
    const msg = message(fresh(fixtures.gbkBase64()), {}, MAX_RAW_BYTES + 1);
    await refusedQuietly(msg, 'too_large', true);
    expect(msg.raw.locked).toBe(false);
  });
  it('drops a second delivery of the same Message-ID, answering once', async () => {
    const raw = fresh(fixtures.gbkBase64());
    const { env: e, send } = bindings();
    await deliver(message(raw), e);
    await deliver(message(raw), e);
    expect(send).toHaveBeenCalledTimes(1);
    expect((await latestMailRows())[0]).toMatchObject({ outcome: 'refused', reason: 'duplicate' });
  });
  it('never throws for a message that is not MIME', async () => {
    const { env: e } = bindings();
    const msg = message(new Uint8Array([0, 1, 2, 255, 254, 13, 10, 13, 10]));
    await expect(deliver(msg, e)).resolves.toBeUndefined();
    expect((await latestMailRows())[0]).toMatchObject({ outcome: 'refused' });
  });
});
