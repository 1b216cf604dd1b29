/**
 * What the worker embeds in each public page: the page to show and its data,
 * so the first view needs no second round trip. The worker renders the same
 * tree on the server; the client hydrates it.
 */
import type { NoticeSummary, NoticeView } from '../../worker/db/notices';

export type PageData =
  | { page: 'list'; notices: NoticeSummary[] }
  | { page: 'notice'; notice: NoticeView }
  | { page: 'feedback'; notice: NoticeView; itemId: number | null }
  /** The form's address once the notice takes no more feedback: only what the message needs. */
  | { page: 'feedback-closed'; notice: Pick<NoticeView, 'slug' | 'title' | 'state' | 'closedOn'> }
  | { page: 'track' }
  | { page: 'not-found' };

export interface PageProps {
  data: PageData;
  large: boolean;
}

export const LARGE_COOKIE = 'rw_large';
