/**
 * 大字 without scripts: the switch is a form (POST /large-text) that sets the cookie the page's
 * script sets and answers 303 back to the page, which then comes large, the notice from its own
 * kept copy. The way back is a path of this site or `/`, never elsewhere.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { pageMessages } from '../../worker/page-messages';
import { call, itemIdAt, seedSample, SLUG } from '../helpers/api';

const COOKIE = 'rw_large=1; Path=/; Max-Age=31536000; SameSite=Lax';

function pressLarge(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return call('/large-text', {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** The line a page answering a POST shows in place of 大字 without scripts (hidden by styles.css's `scripting: none`). */
const NO_SCRIPT_NOTE = `<noscript class="closed">${pageMessages.largeNeedsScript}</noscript>`;

/** The 大字 form as a page renders it: its fields' values, and whether its button sends it. */
function largeTextForm(html: string): { large: string; back: string; sends: boolean } | null {
  const form = /<form method="post" action="\/large-text"[^>]*>(.*?)<\/form>/s.exec(html);
  if (!form) return null;
  const value = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(form[1]!)?.[1] ?? '';
  return { large: value('large'), back: value('back').replace(/&amp;/g, '&'), sends: /<button type="submit"/.test(form[1]!) };
}

beforeAll(async () => {
  await seedSample();
});

describe('POST /large-text (大字 without scripts)', () => {
  it('sets the same cookie the script sets and answers 303 back to the page it came from', async () => {
    const res = await pressLarge({ large: '1', back: `/n/${SLUG}` });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/n/${SLUG}`);
    expect(res.headers.get('set-cookie')).toBe(COOKIE);
    expect(res.headers.get('cache-control')).toBe('no-store');

    const off = await pressLarge({ large: '0', back: `/n/${SLUG}/feedback?item=3` });
    expect(off.status).toBe(303);
    expect(off.headers.get('location')).toBe(`/n/${SLUG}/feedback?item=3`);
    expect(off.headers.get('set-cookie')).toBe('rw_large=0; Path=/; Max-Age=31536000; SameSite=Lax');
  });

  it('lands on the large copy of a notice kept in the cache, not the ordinary one the browser holds', async () => {
    const ordinary = await call(`/n/${SLUG}`);
    expect(ordinary.status).toBe(200);
    const etag = ordinary.headers.get('etag')!;
    expect(await ordinary.text()).toContain('<html lang="zh-CN">');
    // Read twice, so the ordinary copy is the one kept.
    await (await call(`/n/${SLUG}`)).arrayBuffer();

    const pressed = await pressLarge({ large: '1', back: `/n/${SLUG}` });
    const cookie = pressed.headers.get('set-cookie')!.split(';')[0]!;
    const landed = await call(pressed.headers.get('location')!, { headers: { cookie, 'if-none-match': etag } });
    expect(landed.status).toBe(200);
    const html = await landed.text();
    expect(html).toContain('<html lang="zh-CN" class="large">');
    expect(largeTextForm(html)).toEqual({ large: '0', back: `/n/${SLUG}`, sends: true });
    // And back: the ordinary copy again.
    const back = await pressLarge({ large: '0', back: `/n/${SLUG}` });
    const normal = await call(back.headers.get('location')!, { headers: { cookie: back.headers.get('set-cookie')!.split(';')[0]! } });
    expect(await normal.text()).toContain('<html lang="zh-CN">');
  });

  it.each([
    ['another site', 'https://evil.example/n/x'],
    ['a scheme-relative address', '//evil.example/'],
    ['a backslash read as //', '/\\evil.example'],
    ['a backslash later on', '/n/\\evil'],
    ['dot segments that resolve to //', '/.//evil.example'],
    ['dot-dot segments that resolve to //', '/n/..//evil.example/'],
    ['an encoded dot that resolves to //', '/%2e//evil.example'],
    ['a scheme', 'javascript:alert(1)'],
    ['a relative path', 'n/dongxiao-2023'],
    ['a tab inside', '/\t/evil.example'],
    ['a newline (header splitting)', '/n/x\r\nset-cookie: a=b'],
    ['nothing', ''],
    ['a very long address', `/${'a'.repeat(3000)}`],
  ])('sends %s back to / with the cookie still set', async (_, back) => {
    const res = await pressLarge({ large: '1', back });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    expect(res.headers.get('set-cookie')).toBe(COOKIE);
  });

  it('sets nothing for a form sent from another site, and sends it to /', async () => {
    for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'https://evil.example' }] as Record<string, string>[]) {
      const res = await pressLarge({ large: '1', back: `/n/${SLUG}` }, headers);
      expect([res.status, res.headers.get('location'), res.headers.get('set-cookie')]).toEqual([303, '/', null]);
    }
    const own = await pressLarge({ large: '1', back: `/n/${SLUG}` }, { 'sec-fetch-site': 'same-origin' });
    expect([own.status, own.headers.get('location'), own.headers.get('set-cookie')]).toEqual([303, `/n/${SLUG}`, COOKIE]);
  });

  it('answers a form without fields, a body that is not a form and an oversized body with a redirect, never a 500', async () => {
    const empty = await pressLarge({});
    expect([empty.status, empty.headers.get('location'), empty.headers.get('set-cookie')]).toEqual([303, '/', 'rw_large=0; Path=/; Max-Age=31536000; SameSite=Lax']);
    const json = await call('/large-text', { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json' }, body: '{"large":"1"' });
    expect([json.status, json.headers.get('location')]).toEqual([303, '/']);
    const huge = await pressLarge({ large: '1', back: `/${'a'.repeat(10_000)}` });
    expect([huge.status, huge.headers.get('location')]).toEqual([303, '/']);
  });

  it('keeps a path with Chinese in it, percent-encoded', async () => {
    const res = await pressLarge({ large: '1', back: '/n/不存在' });
    expect(res.headers.get('location')).toBe('/n/%E4%B8%8D%E5%AD%98%E5%9C%A8');
  });
});

describe('the 大字 form on the pages', () => {
  it('is on the pages a GET can show again, with the next setting and the page’s own address', async () => {
    const notice = await (await call(`/n/${SLUG}`)).text();
    expect(largeTextForm(notice)).toEqual({ large: '1', back: `/n/${SLUG}`, sends: true });
    expect(notice).not.toContain(NO_SCRIPT_NOTE);
    expect(largeTextForm(await (await call('/track')).text())).toEqual({ large: '1', back: '/track', sends: true });
    const itemId = await itemIdAt(1, 2, 1);
    expect(largeTextForm(await (await call(`/n/${SLUG}/feedback?item=${itemId}`)).text())).toEqual({ large: '1', back: `/n/${SLUG}/feedback?item=${itemId}`, sends: true });
  });

  it('does not send itself on a page answering a POST, whose address would open an empty form and lose the query code', async () => {
    const res = await call('/track', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ref: 'DX-0000-AAAA', code: 'AAAA-BBBB-CCCC' }).toString(),
    });
    expect(res.status).toBe(404);
    // Its button switches with scripts only: without them it is hidden, and a line says why and how to enlarge the page.
    const html = await res.text();
    expect(largeTextForm(html)).toEqual({ large: '1', back: '/', sends: false });
    expect(html).toContain(`<main id="main">${NO_SCRIPT_NOTE}`);
  });

  it('says so on the receipt of the form sent without scripts, and on the form shown again with its errors', async () => {
    const send = (fields: Record<string, string>) =>
      call(`/n/${SLUG}/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
        body: new URLSearchParams({ idempotencyKey: crypto.randomUUID(), itemId: '', name: '', phone: '', email: '', website: '', ...fields }).toString(),
      });
    const receipt = await send({ kind: 'report', content: `宣传栏仍未更新 ${crypto.randomUUID()}` });
    expect(receipt.status).toBe(200);
    const html = await receipt.text();
    expect(html).toContain('提交成功');
    expect(largeTextForm(html)!.sends).toBe(false);
    expect(html).toContain(NO_SCRIPT_NOTE);
    const again = await send({ kind: '', content: '' });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain(NO_SCRIPT_NOTE);
  });
});
