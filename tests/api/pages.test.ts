import { beforeAll, describe, expect, it } from 'vitest';
import { scriptSafeJson } from '../../worker/pages/render';
import { call, itemIdAt, seedSample, SLUG } from '../helpers/api';
import type { NoticeView, SectionView } from '../../worker/db/notices';
import { itemsOf } from '../../web/public/lib/notice-items';
import type { FormNotice } from '../../web/public/page-data';

function embedded(html: string): unknown {
  const m = /<script id="page-data" type="application\/json">(.*?)<\/script>/s.exec(html);
  return m ? JSON.parse(m[1]!) : null;
}

beforeAll(async () => {
  await seedSample();
});

describe('public pages rendered by the worker', () => {
  it('sends / straight to the only published notice', async () => {
    const res = await call('/', { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/n/${SLUG}`);
  });

  it('renders the notice with its items in the HTML, once, and embeds none of it for the browser to render again', async () => {
    const res = await call(`/n/${SLUG}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('针对办理初信初访、国家满意度案件的重视程度有待提升的问题');
    expect(html).toContain('我要监督');
    expect(html).toContain('0755-25772603');
    // The notice is in the page once, as HTML: the browser keeps it as it came (web/public/pages/notice.tsx), so none of it is embedded to render again.
    expect(embedded(html)).toEqual({ page: 'notice', back: `/n/${SLUG}` });
    expect(html.split('针对办理初信初访、国家满意度案件的重视程度有待提升的问题').length - 1).toBe(1);
    expect(html).toMatch(/<main id="main"><div id="notice"><h1>/);
  });

  it('renders the form with the chosen item selected', async () => {
    const itemId = await itemIdAt(1, 2, 1);
    const html = await (await call(`/n/${SLUG}/feedback?item=${itemId}`)).text();
    const selected = [...html.matchAll(/<option\b[^>]*\bselected\b[^>]*>/g)].map((m) => m[0]);
    expect(selected).toEqual([expect.stringContaining(`value="${itemId}"`)]);
    expect(embedded(html)).toMatchObject({ page: 'feedback', itemId });
  });

  it('hands the form its notice’s names and items to choose from, none of their text', async () => {
    const api = (await (await call(`/api/notices/${SLUG}`)).json()) as NoticeView;
    const html = await (await call(`/n/${SLUG}/feedback`)).text();
    const { notice } = embedded(html) as { notice: FormNotice };
    const section = (s: SectionView) => ({ id: s.id, label: s.label, heading: s.heading, items: s.items.map(({ id, fullLabel, title }) => ({ id, fullLabel, title })) });
    expect(notice).toEqual({
      slug: api.slug,
      title: api.title,
      issuer: api.issuer,
      parts: api.parts.map((p) => ({ ...section(p), categories: p.categories.map(section) })),
    });
    expect(itemsOf(notice)).toHaveLength(12);
    // The measures are on the notice page, not in the form's page.
    expect(html).not.toContain(itemsOf(api)[0]!.measures.slice(0, 20));
  });

  it('treats an item of no notice as the notice as a whole', async () => {
    const html = await (await call(`/n/${SLUG}/feedback?item=999999`)).text();
    expect(embedded(html)).toMatchObject({ page: 'feedback', itemId: null });
  });

  it('answers an unknown notice with a 404 page', async () => {
    const res = await call('/n/no-such-notice');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('找不到这个页面');
  });

  it('renders large text when the person chose it before', async () => {
    const html = await (await call(`/n/${SLUG}`, { headers: { cookie: 'rw_large=1' } })).text();
    expect(html).toContain('<html lang="zh-CN" class="large">');
    expect(html).toContain('aria-pressed="true"');
  });
});

describe('embedded JSON', () => {
  it('cannot close its script element or break out of it', () => {
    const out = scriptSafeJson({ t: '</script><script>alert(1)</script>\u2028\u2029' });
    expect(out).not.toContain('</script');
    expect(out).not.toContain('\u2028');
    expect(JSON.parse(out)).toEqual({ t: '</script><script>alert(1)</script>\u2028\u2029' });
  });
});
