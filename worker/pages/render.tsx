/**
 * Server rendering of the public pages: the built index.html, with the page
 * rendered into it and its data embedded, so the first view needs no second
 * round trip and is readable before any script runs.
 */
import { renderToString } from 'preact-render-to-string';
import type { AssetFetcher } from '../assets';
import { App, type PageViews } from '../../web/public/app';
import type { EmbeddedPageData, PageData } from '../../web/public/page-data';
import FeedbackClosedRoute from '../../web/public/pages/feedback-closed';
import FeedbackRoute from '../../web/public/pages/feedback-form';
import FeedbackSentRoute from '../../web/public/pages/feedback-sent';
import NoticeRoute from '../../web/public/pages/notice-content';
import NoticeListRoute from '../../web/public/pages/notice-list';
import NotFoundRoute from '../../web/public/pages/not-found';
import TrackRoute from '../../web/public/pages/track';
import { AfterReply } from '../../web/public/components/after-reply';
import { provideAfterReply } from '../../web/public/components/after-reply-slot';
import { Result } from '../../web/public/components/track-result';
import { provideResult } from '../../web/public/components/track-result-slot';

// The tracking page's lazily loaded parts, rendered in place on the server (after-reply-slot.tsx, track-result-slot.tsx).
provideAfterReply(AfterReply);
provideResult(Result);

const views: PageViews = {
  list: NoticeListRoute, notice: NoticeRoute, feedback: FeedbackRoute, 'feedback-sent': FeedbackSentRoute, 'feedback-closed': FeedbackClosedRoute, track: TrackRoute, 'not-found': NotFoundRoute,
};

/** Used when the built web app is absent (API tests): the same placeholders, no script. */
const BARE_TEMPLATE = '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>整改监督</title></head><body><div id="app"><!--app--></div></body></html>';

interface Shell {
  template: string;
  /** Per page, the chunks to preload so the page's code arrives with the entry, not after it. */
  preload: Partial<Record<PageData['page'], string[]>>;
}

type ManifestChunk = { file: string; imports?: string[] };

const PAGE_SOURCES: Record<PageData['page'], string> = {
  list: 'public/pages/notice-list.tsx',
  notice: 'public/pages/notice.tsx',
  feedback: 'public/pages/feedback-form.tsx',
  'feedback-sent': 'public/pages/feedback-sent.tsx',
  'feedback-closed': 'public/pages/feedback-closed.tsx',
  track: 'public/pages/track.tsx',
  'not-found': 'public/pages/not-found.tsx',
};

function chunkFiles(manifest: Record<string, ManifestChunk>, key: string, out: Set<string>): Set<string> {
  const chunk = manifest[key];
  if (!chunk || key === 'index.html' || out.has(chunk.file)) return out;
  out.add(chunk.file);
  for (const dep of chunk.imports ?? []) chunkFiles(manifest, dep, out);
  return out;
}

let cached: Promise<Shell> | null = null;

/** The built page shell and its manifest, read once per isolate from the assets. */
export function loadShell(assets: AssetFetcher | undefined, origin: string): Promise<Shell> {
  if (!assets) return Promise.resolve({ template: BARE_TEMPLATE, preload: {} });
  cached ??= (async () => {
    const [page, manifest] = await Promise.all([assets.fetch(new Request(`${origin}/`)), assets.fetch(new Request(`${origin}/manifest.json`))]);
    if (!page.ok) {
      cached = null;
      return { template: BARE_TEMPLATE, preload: {} };
    }
    const chunks = manifest.ok ? ((await manifest.json()) as Record<string, ManifestChunk>) : {};
    const preload: Shell['preload'] = {};
    for (const [name, src] of Object.entries(PAGE_SOURCES) as Array<[PageData['page'], string]>) {
      preload[name] = [...chunkFiles(chunks, src, new Set())];
    }
    return { template: await page.text(), preload };
  })();
  return cached;
}

/** JSON that is safe inside a <script> element: nothing in it can close the element. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The page's summary for search results and shared links (what a search engine shows under the title). */
export function describePage(data: PageData): string {
  switch (data.page) {
    case 'notice':
      return data.notice.state === 'published'
        ? `${data.notice.issuer}公布的${data.notice.title}，共 ${data.notice.itemCount} 项整改事项。逐项查看整改措施和落实情况，认为哪一项没有落实到位，可以在网上提出意见。`
        : `${data.notice.issuer}公布的${data.notice.title}，共 ${data.notice.itemCount} 项整改事项，逐项查看整改措施和落实情况。这份通报已停止接收反馈。`;
    case 'feedback':
      return `对${data.notice.title}提出意见、建议或反映问题。提交后得到反馈编号和查询码，凭它们查询办理进度和答复。`;
    case 'feedback-sent':
      return '反馈已提交：请记下反馈编号和查询码，凭它们查询办理进度和答复。';
    case 'feedback-closed':
      return `${data.notice.title}已停止接收反馈。已提交的反馈可以凭反馈编号和查询码查询办理进度和答复。`;
    case 'track':
      return '凭反馈编号和查询码，查询您对整改情况所提意见的办理进度和答复，并评价答复。';
    case 'list':
      return '巡察整改情况通报：逐项查看整改落实情况，在网上提出意见并查询办理进度。';
    case 'not-found':
      return '找不到这个页面。请从首页查看整改情况通报。';
  }
}

/** What of a page's data goes into the page for the browser: all of it, but the notice page's notice, which the browser keeps as the server rendered it (web/public/pages/notice.tsx). */
export function embeddedData(data: PageData): EmbeddedPageData {
  if (data.page !== 'notice') return data;
  const { notice: _notice, ...rest } = data;
  return rest;
}

export function renderPage(shell: Shell, data: PageData, title: string, large: boolean): string {
  const body = renderToString(<App data={data} large={large} view={views[data.page]} />);
  const dataScript = `<script id="page-data" type="application/json">${scriptSafeJson(embeddedData(data))}</script>`;
  const preload = (shell.preload[data.page] ?? []).map((f) => `<link rel="modulepreload" crossorigin href="/${escapeHtml(f)}">`).join('');
  const description = `<meta name="description" content="${escapeHtml(describePage(data))}">`;
  return shell.template
    .replace('</head>', () => `${description}${preload}</head>`)
    .replace('<html lang="zh-CN">', large ? '<html lang="zh-CN" class="large">' : '<html lang="zh-CN">')
    .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)} - 整改监督</title>`)
    .replace('<!--app-->', () => body)
    .replace('</body>', () => `${dataScript}</body>`);
}
