import { hydrate } from 'preact';
import { App, type PageName } from './app';
import type { EmbeddedPageData } from './page-data';
import './styles.css';

/** Each page's module, whose view takes the page's data as embedded (a notice page's has no notice: page-data.ts). */
const load: { [N in PageName]: () => Promise<{ default: (data: Extract<EmbeddedPageData, { page: N }>) => preact.VNode }> } = {
  list: () => import('./pages/notice-list'),
  notice: () => import('./pages/notice'),
  feedback: () => import('./pages/feedback-form'),
  'feedback-sent': () => import('./pages/feedback-sent'),
  'feedback-closed': () => import('./pages/feedback-closed'),
  track: () => import('./pages/track'),
  'not-found': () => import('./pages/not-found'),
};

const data = JSON.parse(document.getElementById('page-data')!.textContent!) as EmbeddedPageData;
void load[data.page]().then(({ default: view }) => {
  hydrate(<App data={data} large={document.documentElement.classList.contains('large')} view={view} />, document.getElementById('app')!);
});
