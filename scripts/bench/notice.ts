/**
 * The sample notice as the public API shows it (GET /api/notices/:slug), reduced
 * to what the benches compare before and after: each item's status and public
 * feedback count, and the notice's total.
 */
import type { ItemView, NoticeView } from '../../worker/db/notices';
import { requestOnce } from './http';

export const SLUG = 'dongxiao-2023';

export interface PublicFigures {
  items: Array<Pick<ItemView, 'id' | 'label' | 'title' | 'status' | 'feedbackCount'>>;
  feedbackCount: number;
}

export async function publicFigures(baseUrl: string, slug = SLUG): Promise<PublicFigures> {
  const res = await requestOnce(baseUrl, 'GET', `/api/notices/${slug}`);
  if (res.status !== 200) throw new Error(`GET /api/notices/${slug} answered ${res.status}: ${res.body.slice(0, 500)}`);
  const notice = JSON.parse(res.body) as NoticeView;
  const items = notice.parts.flatMap((p) => [...p.items, ...p.categories.flatMap((c) => c.items)]);
  return {
    items: items.map(({ id, label, title, status, feedbackCount }) => ({ id, label, title, status, feedbackCount })),
    feedbackCount: notice.feedbackCount,
  };
}
