/**
 * One polite live region for the results of actions that change the screen
 * without a new page ("已受理", "已加载更多"), visible as well as announced.
 * The region is always in the page, so assistive technology hears its changes.
 *
 * A message belongs to the view it is shown on: going to another screen or
 * another view of it (a new path or query, router.ts: the inbox's filters) clears
 * it, so "已新增部门" never reads as being about the next feedback, nor "已受理 3
 * 条" as being about the list under 待受理. A message said as an action takes the
 * user elsewhere (a merge that returns to 账号) is still shown, on the screen it
 * led to.
 *
 * A result with nothing done (a bulk step none of whose feedback could take it)
 * is a warning, not a success: `tone: 'warning'`. Where the action's own control
 * goes away with it (a confirmation answered), `focus` moves the focus to the
 * message instead of leaving it on the page's body.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useRoute } from '../lib/router';

export interface AnnounceOptions {
  tone?: 'success' | 'warning';
  /** Move the focus to the message once it is shown. */
  focus?: boolean;
}
type Announcer = (message: string, options?: AnnounceOptions) => void;

const Announce = createContext<Announcer>(() => {});

export function useAnnounce(): Announcer {
  return useContext(Announce);
}

export function AnnouncerProvider({ children }: { children: (region: ComponentChildren) => ComponentChildren }) {
  const [shown, setShown] = useState<{ message: string; tone: 'success' | 'warning'; focus: boolean }>({ message: '', tone: 'success', focus: false });
  const { path, query } = useRoute();
  const view = `${path}?${query.toString()}`;
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const element = useRef<HTMLDivElement>(null);
  // A new screen or view starts without the last one's message; one still on its way (said as the action navigated) lands after.
  // A layout effect: it runs as the new screen renders, so always before that message's timer.
  useLayoutEffect(() => setShown((s) => (s.message === '' ? s : { message: '', tone: 'success', focus: false })), [view]);
  useEffect(() => {
    if (shown.message && shown.focus) element.current?.focus();
  }, [shown]);
  // The same message twice in a row must be announced twice: clear, then set.
  const announce: Announcer = (m, options = {}) => {
    setShown({ message: '', tone: 'success', focus: false });
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setShown({ message: m, tone: options.tone ?? 'success', focus: options.focus ?? false }), 50);
  };
  const { message, tone } = shown;
  const region = (
    <div ref={element} class={message ? `flash${tone === 'warning' ? ' warning' : ''}` : 'flash empty'} role="status" aria-live="polite" tabIndex={-1}>
      {message}
    </div>
  );
  return <Announce.Provider value={announce}>{children(region)}</Announce.Provider>;
}
