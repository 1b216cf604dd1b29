/**
 * POST /api/inbound/email, the mail gateway's door, on both platforms: real MIME as Chinese
 * mail clients send it (tests/fixtures/mail/) becomes feedback with channel email, on the item
 * it names; bad mail is refused, recorded by reason and never made feedback; only requests
 * signed with INBOUND_MAIL_SECRET and a fresh timestamp are read.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createDb } from '../../worker/db/d1';
import { inboundMail, items } from '../../worker/db/schema';
import { itemsWithLabels } from '../../worker/db/inbound-mail';
import { answerNotes, inboundMessages, refusalReasons } from '../../worker/mail/messages';
import { senderFingerprint } from '../../worker/mail/receive';
import { seedSample } from '../helpers/api';
import { doorEnv, feedbackCount, fixtures, fresh, latestMailRows, postMail, storedMailFeedback } from '../helpers/mail';

let itemByLabel: Map<string, number>;

beforeAll(async () => {
  const db = await seedSample();
  const noticeId = (await db.select({ noticeId: items.noticeId }).from(items).get())!.noticeId;
  itemByLabel = new Map((await itemsWithLabels(db, noticeId)).map((i) => [i.fullLabel, i.id]));
});

async function accepted(raw: Uint8Array) {
  const res = await postMail(raw);
  const body = (await res.json()) as { outcome: string; ref: string; itemId: number | null; answer: string };
  expect(res.status, JSON.stringify(body)).toBe(201);
  const stored = await storedMailFeedback(body.ref);
  return { body, ...stored! };
}

async function refused(raw: Uint8Array, reason: keyof typeof refusalReasons) {
  const before = await feedbackCount();
  const res = await postMail(raw);
  expect(res.status).toBe(422);
  expect(await res.json()).toEqual({ error: { code: reason, message: refusalReasons[reason] } });
  expect(await feedbackCount()).toBe(before);
  const [row] = await latestMailRows();
  expect(row).toMatchObject({ outcome: 'refused', reason, door: 'http', feedbackId: null });
  // The refusal keeps no sender: no column holds an address.
  expect(JSON.stringify(row)).not.toContain('@');
}

describe('POST /api/inbound/email: mail becomes feedback', () => {
  it('takes a GBK mail (encoded-word subject, base64 body) on the item it names, keeping the address without consent', async () => {
    const { body, f, mail, events } = await accepted(fresh(fixtures.gbkBase64()));
    expect(body).toMatchObject({ outcome: 'accepted', answer: 'not_configured' });
    expect(f).toMatchObject({ channel: 'email', email: 'zhang.san@qq.com', name: null, phone: null, anonymous: false, consentAt: null, status: 'new' });
    expect(f.content).toBe('主题：关于二(三)2的意见\n\n你好：\n关于二(三)2 的整改，我们小区的信访接待室仍然没有按时开放，周六常常无人值班。\n请核实。\n张先生');
    expect(f.itemId).toBe(itemByLabel.get('二（三）2'));
    expect(body.itemId).toBe(f.itemId);
    // One address is one submitter for the figures, kept only as its HMAC under APP_SECRET.
    expect(f.clientHash).toBe(await senderFingerprint(env.APP_SECRET!, 'zhang.san@qq.com'));
    expect(mail).toMatchObject({ outcome: 'accepted', door: 'http', answer: 'not_configured', noticeId: f.noticeId });
    // Staff see on the timeline that no answer went out.
    expect(events.map((e) => [e.type, e.public, e.text])).toEqual([
      ['submitted', true, null],
      ['mail_answer', false, answerNotes.not_configured],
    ]);
  });

  it('takes GB18030 in quoted-printable, four-byte characters included, and finds 第(三)类第2项', async () => {
    const { f } = await accepted(fresh(fixtures.gb18030Qp()));
    expect(f.content).toBe('主题：建议公开落实情况\n\n第(三)类第2项的整改措施写得很好，但是落实情况需要公开。𠀀 费用 100€。');
    expect(f.kind).toBe('suggestion');
    expect(f.itemId).toBe(itemByLabel.get('二（三）2'));
  });

  it('turns an HTML-only GB2312 body into text, and records the attachment by name, type and size', async () => {
    const { f, attachments } = await accepted(fresh(fixtures.gb2312Html()));
    expect(f.content).toBe('主题：信访公示栏没有更新\n\n尊敬的领导：\n\n街道的 信访公示栏<已经>三个月没有更新&无人管理。\n\n第一行\n第二行\n链接');
    expect(f.content).not.toMatch(/alert|color|ignored|注释/);
    expect(f.itemId).toBeNull();
    expect(attachments.map((a) => ({ name: a.name, type: a.type, size: a.size, storageKey: a.storageKey }))).toEqual([
      { name: '公示栏照片.jpg', type: 'image/jpeg', size: 2048, storageKey: null },
    ]);
  });

  it('finds the notice among 150 recipients (more than D1 binds in one statement), and logs none of them', async () => {
    const cc = Array.from({ length: 150 }, (_, i) => `neighbour${i}@example.cn`).join(', ');
    const raw = new TextDecoder().decode(fixtures.gbkBase64()).replace('\nSubject:', `\nCc: ${cc}\nSubject:`);
    const logged = vi.spyOn(console, 'error');
    try {
      const { f } = await accepted(fresh(new TextEncoder().encode(raw)));
      expect(f.channel).toBe('email');
    } finally {
      logged.mockRestore();
    }
    expect(JSON.stringify(logged.mock.calls)).not.toContain('neighbour');
  });

  it('reads a raw 8-bit GBK subject again as GB18030', async () => {
    const { f } = await accepted(fresh(fixtures.raw8bitSubject()));
    expect(f.content).toBe('主题：反映信访接待问题\n\n信访接待室周末无人，电话也打不通。');
    expect(f.content).not.toContain('\uFFFD');
    expect(f.kind).toBe('report');
  });

  it('makes one feedback of a mail delivered twice (same Message-ID), answering the second with the first reference', async () => {
    const raw = fresh(fixtures.gbkBase64());
    const first = await accepted(raw);
    const before = await feedbackCount();
    const res = await postMail(raw);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ outcome: 'duplicate', ref: first.body.ref });
    expect(await feedbackCount()).toBe(before);
    expect((await latestMailRows())[0]).toMatchObject({ outcome: 'refused', reason: 'duplicate' });
  });
});

describe('POST /api/inbound/email: bad mail is refused, recorded and never feedback', () => {
  it('refuses an auto-reply', () => refused(fresh(fixtures.autoReply()), 'auto_reply'));
  it('refuses bulk mail', () => refused(fresh(fixtures.bulk()), 'bulk'));
  it('refuses a mail without text', () => refused(fresh(fixtures.noText()), 'no_text'));
  it('refuses more than 10 MB of attachments', () => refused(fixtures.withAttachment(10 * 1024 * 1024 + 1024), 'too_large'), 30_000);
  it('refuses mail to an address no notice gives', () => refused(fresh(fixtures.unknownAddress()), 'unknown_address'));
  it('refuses a mail whose sender is no address', () =>
    refused(fresh(new TextEncoder().encode(new TextDecoder().decode(fixtures.gbkBase64()).replace(/^From: .*$/m, 'From: <<<>>>@@@'))), 'no_sender'));
  it('refuses, without a 500, a mail whose headers run past 256 KB', () =>
    refused(new TextEncoder().encode(`X-Junk: ${'x'.repeat(300 * 1024)}\r\n` + new TextDecoder().decode(fixtures.bulk())), 'unreadable'));

  it('takes 9 MB of attachments', async () => {
    const { attachments } = await accepted(fixtures.withAttachment(9 * 1024 * 1024));
    expect(attachments).toHaveLength(1);
    expect(attachments[0]!.size).toBeGreaterThan(9 * 1024 * 1024);
  }, 30_000);
});

describe('POST /api/inbound/email: the signature', () => {
  const unchanged = async (res: Promise<Response>, status: number, code: string, message: string) => {
    const before = (await createDb(env.DB).select({ id: inboundMail.id }).from(inboundMail)).length;
    const r = await res;
    expect(r.status).toBe(status);
    expect(await r.json()).toEqual({ error: { code, message } });
    expect((await createDb(env.DB).select({ id: inboundMail.id }).from(inboundMail)).length).toBe(before);
  };

  it('is off, and says so, without INBOUND_MAIL_SECRET', () =>
    unchanged(postMail(fresh(fixtures.gbkBase64()), { bindings: { ...doorEnv, INBOUND_MAIL_SECRET: '' } }), 503, 'inbound_mail_off', inboundMessages.off));

  it('refuses a signature made with another secret', () =>
    unchanged(postMail(fresh(fixtures.gbkBase64()), { secret: 'another-secret' }), 401, 'bad_signature', inboundMessages.badSignature));

  it('refuses a body changed after signing', async () => {
    const raw = fresh(fixtures.gbkBase64());
    const ts = Math.floor(Date.now() / 1000);
    const { signMail } = await import('../../worker/mail/signature');
    const signature = `sha256=${await signMail('test-inbound-mail-secret', String(ts), raw)}`;
    const changed = raw.slice();
    changed[changed.length - 3] = changed[changed.length - 3]! ^ 1;
    await unchanged(postMail(changed, { timestamp: ts, signature }), 401, 'bad_signature', inboundMessages.badSignature);
  });

  it('refuses a timestamp more than five minutes old or ahead, or none', async () => {
    const now = Math.floor(Date.now() / 1000);
    await unchanged(postMail(fresh(fixtures.gbkBase64()), { timestamp: now - 301 }), 401, 'stale_timestamp', inboundMessages.staleTimestamp);
    await unchanged(postMail(fresh(fixtures.gbkBase64()), { timestamp: now + 301 }), 401, 'stale_timestamp', inboundMessages.staleTimestamp);
    await unchanged(postMail(fresh(fixtures.gbkBase64()), { timestamp: 'yesterday' }), 401, 'stale_timestamp', inboundMessages.staleTimestamp);
  });

  it('takes a timestamp within five minutes', async () => {
    const res = await postMail(fresh(fixtures.gb18030Qp()), { timestamp: Math.floor(Date.now() / 1000) - 290 });
    expect(res.status).toBe(201);
  });

  it('answers other methods with 405', async () => {
    const { workerFetch } = await import('../helpers/worker');
    const res = await workerFetch(new Request('http://localhost/api/inbound/email'), doorEnv);
    expect(res.status).toBe(405);
  });
});

