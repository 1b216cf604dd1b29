/**
 * The list the user is working through, so that a feedback's screen can go on
 * to the next one (下一条) and back to the same list. Kept in sessionStorage:
 * this tab only, gone with it. Only ids and the console's own address query are
 * kept: the filters, and the search words as typed (which may be a caller's name
 * or phone). They stay in this browser tab, as its address does; what goes to the
 * server carries them sealed (lib/search-words.ts).
 */

const KEY = 'rw.inbox-order';
/** More than a working morning's list; the rest is reached from the inbox. */
const MAX_IDS = 1000;

interface Order {
  ids: number[];
  search: string;
}

function read(): Order {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<Order> | null;
    if (!value || !Array.isArray(value.ids) || typeof value.search !== 'string') return { ids: [], search: '' };
    return { ids: value.ids.filter((id): id is number => Number.isSafeInteger(id)), search: value.search };
  } catch {
    return { ids: [], search: '' };
  }
}

/** The rows the inbox shows now, in its order, and its query (`status=new&…`); called when the list loads or grows. */
export function rememberInboxOrder(ids: number[], search: string): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ ids: ids.slice(0, MAX_IDS), search: search.replace(/^\?/, '') }));
  } catch {
    // Storage full or switched off: the console works without 下一条.
  }
}

/** The feedback after `id` in the remembered list, or null when it is the last or not in it. */
export function nextInInbox(id: number): number | null {
  const { ids } = read();
  const at = ids.indexOf(id);
  return at >= 0 && at + 1 < ids.length ? ids[at + 1]! : null;
}

/** The remembered inbox's query, without `?`, for a link back to the same list (`#/inbox?…`); '' when none. */
export function inboxSearch(): string {
  return read().search;
}
