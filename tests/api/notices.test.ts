import { beforeAll, describe, expect, it } from 'vitest';
import { call, postJson, seedSample, SLUG, validFeedback, type ErrorJson } from '../helpers/api';

interface NoticeJson {
  slug: string;
  title: string;
  contacts: { phone: string; address: string; email: string };
  parts: Array<{
    label: string;
    heading: string;
    items: unknown[];
    categories: Array<{ label: string; heading: string; items: Array<{ id: number; label: string; title: string; measures: string; status: string; statusText: string; feedbackCount: number }> }>;
  }>;
}

beforeAll(async () => {
  await seedSample();
});

describe('GET /api/notices', () => {
  it('lists the published sample notice with its item count', async () => {
    const res = await call('/api/notices');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { notices: Array<Record<string, unknown>> };
    expect(body.notices).toEqual([
      {
        slug: SLUG, title: '东晓街道党工委关于信访领域专项巡察整改情况的通报', issuer: '中共深圳市罗湖区东晓街道工作委员会', publishedOn: null,
        state: 'published', closedOn: null, itemCount: 12,
      },
    ]);
  });

  it('answers another method with 405 in the error shape', async () => {
    const res = await call('/api/notices', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(((await res.json()) as ErrorJson).error.code).toBe('method_not_allowed');
  });
});

describe('GET /api/notices/:slug', () => {
  it('returns the three parts, four categories of part 二 with 3, 4, 3 and 2 items, and the contacts', async () => {
    const res = await call(`/api/notices/${SLUG}`);
    expect(res.status).toBe(200);
    const n = (await res.json()) as NoticeJson;
    expect(n.parts.map((p) => p.label)).toEqual(['一、', '二、', '三、']);
    const two = n.parts[1]!;
    expect(two.heading).toBe('整改工作落实情况');
    expect(two.categories.map((c) => c.items.length)).toEqual([3, 4, 3, 2]);
    const item = two.categories[2]!.items[1]!;
    expect(item.label).toBe('2.');
    expect(item.title).toBe('针对办理初信初访、国家满意度案件的重视程度有待提升的问题');
    expect(item.measures.startsWith('一是定期组织召开信访联席工作会议')).toBe(true);
    expect(item.status).toBe('completed');
    expect(item.statusText).toContain('已完成整改');
    expect(n.contacts).toEqual({ phone: '0755-25772603', address: '深圳市罗湖区国防大厦', email: 'lh_dxb@szlh.gov.cn' });
  });

  it('counts the feedback received on each item', async () => {
    const before = (await (await call(`/api/notices/${SLUG}`)).json()) as NoticeJson;
    const target = before.parts[1]!.categories[0]!.items[0]!;
    const res = await postJson('/api/feedback', validFeedback({ itemId: target.id }));
    expect(res.status).toBe(201);
    const after = (await (await call(`/api/notices/${SLUG}`)).json()) as NoticeJson;
    expect(after.parts[1]!.categories[0]!.items[0]!.feedbackCount).toBe(target.feedbackCount + 1);
  });

  it('answers an unknown notice with 404 and a Chinese message', async () => {
    const res = await call('/api/notices/no-such-notice');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'notice_not_found', message: '找不到这份通报' } });
  });
});
