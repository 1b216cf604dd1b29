/**
 * The public pages, rendered on the server with their data embedded. The notice page is the same
 * for every reader but for the large-text cookie, so it is answered from the notice cache
 * (http/notice-cache.ts), one copy per text size. The feedback form is not: each copy holds a
 * fresh Idempotency-Key. The list and the form read the read-only database (a D1 session a
 * replica may serve); the notice page is built from the primary, as it is kept for everyone.
 */
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { PageData } from '../../web/public/page-data';
import { LARGE_COOKIE } from '../../web/public/page-data';
import { getNoticeView, listNotices } from '../db/notices';
import type { AppEnv } from '../env';
import { CONTENT_SECURITY_POLICY } from '../http/csp';
import { cachedNotice } from '../http/notice-cache';
import { loadShell, renderPage } from '../pages/render';
import { SLUG } from '../notice/lifecycle';



export async function page(c: Context<AppEnv>, data: PageData, title: string, status: ContentfulStatusCode = 200) {
  const shell = await loadShell(c.var.assets, new URL(c.req.url).origin);
  c.header('content-security-policy', CONTENT_SECURITY_POLICY);
  c.header('cache-control', 'no-cache');
  return c.html(renderPage(shell, data, title, getCookie(c, LARGE_COOKIE) === '1'), status);
}

/** The public "page not found", for any path that is neither a page, the API nor an asset. */
export function notFoundPage(c: Context<AppEnv>) {
  return page(c, { page: 'not-found' }, '找不到这个页面', 404);
}

export async function noticeOr404(c: Context<AppEnv>) {
  const slug = c.req.param('slug') ?? '';
  return SLUG.test(slug) ? getNoticeView(c.var.db, slug) : null;
}

export const pagesRoute = new Hono<AppEnv>()
  .get('/', async (c) => {
    const notices = await listNotices(c.var.readDb());
    // One live notice: the list would be a single link, so go straight to it. Several: the list, newest first.
    if (notices.length === 1) return c.redirect(`/n/${notices[0]!.slug}`, 302);
    return page(c, { page: 'list', notices }, '整改情况通报');
  })
  .get('/n/:slug', async (c) => {
    const slug = c.req.param('slug');
    if (!SLUG.test(slug)) return notFoundPage(c);
    // The cookie is the only thing that changes the page: one copy per text size.
    const large = getCookie(c, LARGE_COOKIE) === '1';
    return cachedNotice(c, slug, large ? 'page-large' : 'page', async () => {
      // From the primary: the copy is kept for everyone (routes/notices.ts says why).
      const notice = await getNoticeView(c.var.db, slug);
      if (!notice) return notFoundPage(c);
      return page(c, { page: 'notice', notice }, notice.title);
    });
  })
  .get('/n/:slug/feedback', async (c) => {
    const slug = c.req.param('slug');
    const notice = SLUG.test(slug) ? await getNoticeView(c.var.readDb(), slug) : null;
    if (!notice) return notFoundPage(c);
    if (notice.state !== 'published') {
      const { slug, title, state, closedOn } = notice;
      return page(c, { page: 'feedback-closed', notice: { slug, title, state, closedOn } }, '已停止接收反馈');
    }
    const wanted = Number(c.req.query('item'));
    const ids = notice.parts.flatMap((p) => [...p.items, ...p.categories.flatMap((cat) => cat.items)]).map((i) => i.id);
    const itemId = ids.includes(wanted) ? wanted : null;
    // A fresh Idempotency-Key in each copy of the form (routes/feedback-form.ts).
    return page(c, { page: 'feedback', notice, itemId, form: { key: crypto.randomUUID() } }, '我要监督');
  });
// /track is worker/routes/track-page.ts.
