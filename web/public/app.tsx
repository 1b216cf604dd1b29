/**
 * The public app: one page per purpose, chosen by the server and handed over in
 * the embedded page data. Each page is its own module, so a page's first view
 * loads only its own code (the client imports it on demand; the server
 * imports them all, see worker/pages/render.tsx).
 */
import type { VNode } from 'preact';
import { Layout } from './components/layout';
import type { EmbeddedPageData, PageData } from './page-data';

export type PageName = EmbeddedPageData['page'];
export type PageView<N extends PageName> = (data: Extract<PageData, { page: N }>) => VNode;
export type PageViews = { [N in PageName]: PageView<N> };

/** `data`: the page's data as the server has it, or as the page embeds it (page-data.ts EmbeddedPageData). */
export function App({ data, large, view }: { data: PageData | EmbeddedPageData; large: boolean; view: (data: never) => VNode }) {
  return <Layout large={large} back={data.back}>{(view as (d: PageData | EmbeddedPageData) => VNode)(data)}</Layout>;
}
