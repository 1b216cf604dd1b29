/**
 * The public pages, rendered on the server with their data embedded. The notice page is the same
 * for every reader but for the large-text cookie, so it is answered from the notice cache
 * (http/notice-cache.ts), one copy per text size. The feedback form is not: each copy holds a
 * fresh Idempotency-Key. The list and the form read the read-only database (a D1 session a
 * replica may serve); the notice page is built from the primary, as it is kept for everyone.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { PageData } from '../../web/public/page-data';
import { LARGE_COOKIE, LARGE_COOKIE_ATTRIBUTES, LARGE_TEXT_PATH } from '../../web/public/page-data';
import { getNoticeView, listNotices } from '../db/notices';
import { formNoticeOf } from '../../web/public/lib/notice-items';
import type { AppEnv } from '../env';
import { CONTENT_SECURITY_POLICY } from '../http/csp';
import { fromThisSite } from '../http/origin';
import { cachedNotice } from '../http/notice-cache';
import { loadShell, renderPage } from '../pages/render';
import { SLUG } from '../notice/lifecycle';

/** The 大字 form's two short fields fit many times over; anything larger is not from it. */
const LARGE_TEXT_FORM_BYTES = 4 * 1024;
const BACK_MAX = 2000;
const NO_SITE = 'http://back.invalid';

/**
 * Where POST /large-text sends the browser back to: a path of this site as the form gave it
 * (`/n/dongxiao-2023`, `/n/x/feedback?item=3`), or `/`. Anything that could leave the site is
 * refused: another origin, a scheme, `//host` and `/\host` (which browsers read as `//host`),
 * control characters and spaces, and a path that dot segments resolve to `//host` (`/.//host`,
 * `/a/..//host`): the address is checked as it is resolved, which is how it is sent. The
 * fragment is dropped.
 */
export function sameSiteBack(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > BACK_MAX || !raw.startsWith('/') || /[\\\s\u0000-\u001f\u007f]/.test(raw) || raw.startsWith('//')) return '/';
  try {
    const url = new URL(raw, NO_SITE);
    const back = `${url.pathname}${url.search}`;
    return url.origin === NO_SITE && !back.startsWith('//') ? back : '/';
  } catch {
    return '/';
  }
}

/**
 * Where 大字 without scripts comes back to: the page's path, with the one query a page reads (the
 * form's `item`), so that a notice kept for everyone never carries a reader's query string; none
 * for the answer to a POST (page-data.ts `back`).
 */
function backTo(c: Context<AppEnv>, data: PageData): string | null {
  if (c.req.method === 'POST') return null;
  const item = data.page === 'feedback' && data.itemId !== null ? `?item=${data.itemId}` : '';
  return `${new URL(c.req.url).pathname}${item}`;
}

export async function page(c: Context<AppEnv>, data: PageData, title: string, status: ContentfulStatusCode = 200) {
  const shell = await loadShell(c.var.assets, new URL(c.req.url).origin);
  data = { ...data, back: backTo(c, data) };
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
  /**
   * 大字 without scripts (web/public/components/layout.tsx): the cookie the page's script would
   * set, then 303 back, so that the next GET carries it (the notice cache keys its copies by it).
   */
  .post(
    LARGE_TEXT_PATH,
    bodyLimit({ maxSize: LARGE_TEXT_FORM_BYTES, onError: (c) => c.redirect('/', 303) }),
    async (c) => {
      c.header('cache-control', 'no-store');
      // Another site's page may not switch a reader's pages, nor use this as a way back to anywhere.
      if (!fromThisSite(c)) return c.redirect('/', 303);
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      c.header('set-cookie', `${LARGE_COOKIE}=${form.large === '1' ? 1 : 0}; ${LARGE_COOKIE_ATTRIBUTES}`);
      return c.redirect(sameSiteBack(form.back), 303);
    },
  )
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
    return page(c, { page: 'feedback', notice: formNoticeOf(notice), itemId, form: { key: crypto.randomUUID() } }, '我要监督');
  });
// /track is worker/routes/track-page.ts.
