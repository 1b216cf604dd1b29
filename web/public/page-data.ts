/**
 * What the worker embeds in each public page: the page to show and its data,
 * so the first view needs no second round trip. The worker renders the same
 * tree on the server; the client hydrates it.
 */
import type { ItemView, NoticeSummary, NoticeView } from '../../worker/db/notices';
import type { Receipt } from '../../worker/feedback/submit';
import type { Draft } from './lib/draft';
import type { TrackState } from './lib/track-state';

export type PageData = (
  | { page: 'list'; notices: NoticeSummary[] }
  | { page: 'notice'; notice: NoticeView }
  | { page: 'feedback'; notice: FormNotice; itemId: number | null; form: FeedbackFormData }
  /** The receipt of the form sent without scripts (POST /n/:slug/feedback). */
  | { page: 'feedback-sent'; sent: SentFeedback }
  /** The form's address once the notice takes no more feedback: only what the message needs. */
  | { page: 'feedback-closed'; notice: Pick<NoticeView, 'slug' | 'title' | 'state' | 'closedOn'> }
  /** `track`: the form's answer without scripts, and the offices' phones (web/public/lib/track-state.ts). */
  | { page: 'track'; track?: TrackState }
  | { page: 'not-found' }
) & {
  /**
   * The page's address, where 大字 without scripts comes back to (POST /large-text); null for a page
   * answering a POST (a receipt, a look-up, a form again with what was typed), whose address would
   * open an empty form and lose the query code or the words typed (worker/routes/pages.ts).
   */
  back?: string | null;
};

/**
 * The page's data as the page embeds it for the browser: the notice page's notice stays on the
 * server, whose HTML of it the browser keeps (pages/notice.tsx); every other page's data is whole.
 */
export type EmbeddedPageData = Exclude<PageData, { page: 'notice' }> | ({ page: 'notice' } & Pick<PageData, 'back'>);

/** An item as the feedback form offers it: its number and title, not its text. */
export type FormItem = Pick<ItemView, 'id' | 'fullLabel' | 'title'>;

/** A part or category as the form groups its items. */
export interface FormSection {
  id: number;
  label: string;
  heading: string;
  items: FormItem[];
}

/**
 * What the feedback form needs of its notice (lib/notice-items.ts formNoticeOf): its names and its
 * items to choose from, not their text, measures or history, which the notice page shows.
 */
export interface FormNotice extends Pick<NoticeView, 'slug' | 'title' | 'issuer'> {
  parts: Array<FormSection & { categories: FormSection[] }>;
}

/** The feedback form as the server hands it over. */
export interface FeedbackFormData {
  /** This copy of the form's Idempotency-Key (a hidden field): however often it is sent, one feedback is stored. */
  key: string;
  /** What the person sent, when the server shows the form again (without scripts). */
  values?: Draft;
  /** What is wrong with it, in the form's order; `field` null for a problem of the whole form. */
  errors?: Array<{ field: string | null; message: string; href?: string }>;
}

/** What a receipt shows: the reference and code, and what was sent, to check. */
export interface SentFeedback {
  /** `replyDays`: the reply's period from acceptance (REPLY_DAYS), which the API's answer carries (worker/routes/feedback.ts); absent in a receipt kept before it did. */
  receipt: Receipt & { replyDays?: number };
  notice: { slug: string; title: string };
  /** The item's heading (itemHeading: 二（三）2 标题, or 整份通报); '' when not known. */
  item: string;
  /** The item's id, for 返回通报 to open the notice at it (`#item-N`, item-card.tsx); absent in a receipt kept before it was. */
  itemId?: number | null;
  kind: string;
  content: string;
  /** How many photos went with it from this phone; the receipt's `photos` says how many arrived. */
  photos?: number;
}

export interface PageProps {
  data: PageData;
  large: boolean;
}

export const LARGE_COOKIE = 'rw_large';
/** The cookie's attributes, the same whether the page's script or the server (POST /large-text) sets it: a year, every page. */
export const LARGE_COOKIE_ATTRIBUTES = 'Path=/; Max-Age=31536000; SameSite=Lax';
/** Where the 大字 form posts without scripts (worker/routes/pages.ts). */
export const LARGE_TEXT_PATH = '/large-text';
