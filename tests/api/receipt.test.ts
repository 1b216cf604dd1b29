/**
 * The receipt, as the form sent without scripts answers it and as the API's answer makes it:
 * 查看办理进度 works without scripts (a POST form to /track with the reference and code as
 * hidden fields, never an address holding the code), and the reply's date is said to count from
 * acceptance (第三十四条): the acknowledgement's date holds, the reply's is only an example for
 * acceptance on the day received (收到当天, never 今天: a receipt is read again days later), never a
 * latest day (最迟).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, DEFAULT_DEADLINES, longDate, shanghaiDate } from '../../worker/feedback/deadlines';
import { receiptMessages } from '../../worker/receipt-messages';
import { call, itemIdAt, postJson, randomAddress, seedSample, SLUG, validFeedback } from '../helpers/api';

beforeAll(async () => {
  await seedSample();
});

function postForm(path: string, fields: Record<string, string>) {
  return call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': randomAddress(), 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams(fields).toString(),
  });
}

async function sendWithoutScripts(): Promise<{ html: string; ref: string; code: string }> {
  const res = await postForm(`/n/${SLUG}/feedback`, {
    idempotencyKey: crypto.randomUUID(), itemId: '', kind: 'report', content: `宣传栏仍未更新 ${crypto.randomUUID()}`, name: '', phone: '', email: '', website: '',
  });
  expect(res.status).toBe(200);
  const html = await res.text();
  const data = JSON.parse(/<script id="page-data" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!) as { sent: { receipt: { ref: string; queryCode: string } } };
  return { html, ref: data.sent.receipt.ref, code: data.sent.receipt.queryCode };
}

/** The receipt's 查看办理进度 form: where it goes and its hidden fields. */
function trackForm(html: string): { action: string; fields: Record<string, string>; button: string } | null {
  const form = /<form method="post" action="([^"]+)">((?:(?!<\/form>).)*查看办理进度(?:(?!<\/form>).)*)<\/form>/s.exec(html);
  if (!form) return null;
  const fields = Object.fromEntries([...form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  return { action: form[1]!, fields, button: /<button type="submit"[^>]*>([^<]*)<\/button>/.exec(form[2]!)![1]! };
}

describe('the receipt of the form sent without scripts', () => {
  it('offers 查看办理进度 as a POST form to /track with the reference and code in hidden fields, and no address holding the code', async () => {
    const { html, ref, code } = await sendWithoutScripts();
    expect(trackForm(html)).toEqual({ action: '/track', fields: { ref, code }, button: '查看办理进度' });
    // The code is on the page (the person copies it down), but in no address.
    const addresses = [...html.matchAll(/\b(?:href|action|src)="([^"]*)"/g)].map((m) => m[1]!);
    expect(addresses.filter((a) => a.includes(code) || a.includes(code.replace(/-/g, '')))).toEqual([]);
    expect(html).not.toContain('#ref=');
  });

  it('that form, sent as it is, opens the feedback on the tracking page', async () => {
    const { html, ref } = await sendWithoutScripts();
    const form = trackForm(html)!;
    const res = await postForm(form.action, form.fields);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    const page = await res.text();
    expect(page).toContain(`${ref}：待受理`);
    expect(page).toContain('宣传栏仍未更新');
  });

  it('says the reply is due a period after acceptance, its date only an example for acceptance on the day received, never a latest day', async () => {
    const { html } = await sendWithoutScripts();
    const today = shanghaiDate(Date.now());
    const ack = longDate(addDays(today, DEFAULT_DEADLINES.acknowledgeDays));
    const reply = longDate(addDays(today, DEFAULT_DEADLINES.replyDays));
    const text = html.replace(/<!-- -->/g, '');
    expect(text).toContain(
      `我们将在 ${ack} 前告知是否受理；自受理之日起 ${DEFAULT_DEADLINES.replyDays} 日内答复您。答复日期从受理那天算起：如收到当天受理，则在 ${reply} 前答复。`,
    );
    // Never 今天: a receipt kept on the phone is read again days later.
    expect(receiptMessages.deadlines(ack, DEFAULT_DEADLINES.replyDays, reply)).not.toMatch(/最迟|今天/);
    expect(text).not.toContain('最迟');
  });

  it('links 返回通报 to the item the feedback is about, and to the notice’s top for the notice as a whole', async () => {
    const itemId = await itemIdAt(1, 2, 1);
    const res = await postForm(`/n/${SLUG}/feedback`, {
      idempotencyKey: crypto.randomUUID(), itemId: String(itemId), kind: 'report', content: `宣传栏仍未更新 ${crypto.randomUUID()}`, name: '', phone: '', email: '', website: '',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`<a href="/n/${SLUG}#item-${itemId}">返回通报</a>`);
    expect((await sendWithoutScripts()).html).toContain(`<a href="/n/${SLUG}">返回通报</a>`);
  });
});

describe('POST /api/feedback', () => {
  it('answers the reply’s period from acceptance beside the dates, for the receipt to say', async () => {
    const res = await postJson('/api/feedback', validFeedback({ content: `宣传栏仍未更新 ${crypto.randomUUID()}` }));
    expect(res.status).toBe(201);
    const receipt = (await res.json()) as { replyBy: string; replyDays: number };
    expect(receipt.replyDays).toBe(DEFAULT_DEADLINES.replyDays);
    expect(receipt.replyBy).toBe(addDays(shanghaiDate(Date.now()), receipt.replyDays));
  });
});
