/**
 * Feedback closed without being handled, as its submitter finds it: a duplicate says which
 * reference the matter is handled under and that this one is not handled apart; 无效 says it was
 * judged not to be a supervision opinion and is not handled. Each gives the office's phone for
 * when that looks wrong (an admin can reopen it). Through the API and the page without scripts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { trackMessages } from '../../worker/track-messages';
import { call, randomAddress, seedSample } from '../helpers/api';
import { signedIn, staff, submitPublic, type TestUser } from '../staff/helpers';

const PHONE = '0755-25772603';
const ISSUER = '中共深圳市罗湖区东晓街道工作委员会';

let admin: TestUser;
beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
});

async function markedAs(to: 'spam' | 'duplicate', duplicateOf?: string) {
  const f = await submitPublic({ content: `宣传栏仍未更新 ${crypto.randomUUID()}` });
  const res = await staff(`/feedback/${f.id}/transition`, { method: 'POST', cookie: admin.cookie, body: { to, ...(duplicateOf ? { duplicateOf } : {}) } });
  expect(res.status).toBe(200);
  return f;
}

/** The result as the page without scripts shows it, as text. */
async function trackedWithoutScripts(ref: string, code: string): Promise<{ text: string; html: string }> {
  const res = await call('/track', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': randomAddress() },
    body: new URLSearchParams({ ref, code }).toString(),
  });
  expect(res.status).toBe(200);
  const html = /<section class="result".*?<h3>办理记录<\/h3>/s.exec((await res.text()).replace(/<!-- -->/g, ''))![0];
  return { html, text: html.replace(/<[^>]+>/g, '') };
}

describe('a duplicate on the tracking page', () => {
  it('names the reference the matter is handled under, says this one is not handled apart, and gives the phone', async () => {
    const original = await submitPublic({ content: `宣传栏仍未更新 ${crypto.randomUUID()}` });
    const f = await markedAs('duplicate', original.ref);

    const api = await call(`/api/feedback/${f.ref}`, { headers: { 'x-query-code': f.queryCode } });
    expect(await api.json()).toMatchObject({ status: 'duplicate', duplicateOf: original.ref });

    const { text, html } = await trackedWithoutScripts(f.ref, f.queryCode);
    expect(text).toContain(`${f.ref}：重复`);
    expect(text).toContain(
      `办理单位认定这条反馈与 ${original.ref} 反映的是同一件事，将在那条反馈中办理，这条不再单独办理和答复。${original.ref} 只能凭它自己的查询码查询。`,
    );
    expect(text).toContain(`如您认为不是同一件事，请致电${ISSUER} ${PHONE}`);
    expect(html).toContain(`<a href="tel:075525772603">${PHONE}</a>`);
    expect(text).not.toContain(trackMessages.spam);
  });
});

describe('无效 on the tracking page', () => {
  it('says it was judged not to be a supervision opinion and is not handled, and gives the phone for a mistake', async () => {
    const f = await markedAs('spam');
    const api = await call(`/api/feedback/${f.ref}`, { headers: { 'x-query-code': f.queryCode } });
    expect(await api.json()).toMatchObject({ status: 'spam', duplicateOf: null });

    const { text } = await trackedWithoutScripts(f.ref, f.queryCode);
    expect(text).toContain(`${f.ref}：无效`);
    expect(text).toContain('办理单位认定这条内容不是对整改情况的意见或反映（例如广告、空白内容或测试），不予办理。');
    expect(text).toContain(`如您认为判断有误，请致电${ISSUER} ${PHONE}`);
  });

  it('is not said of feedback still being handled', async () => {
    const f = await submitPublic({ content: `宣传栏仍未更新 ${crypto.randomUUID()}` });
    const { text } = await trackedWithoutScripts(f.ref, f.queryCode);
    expect(text).not.toContain('不予办理');
    expect(text).not.toContain('请致电');
  });
});
