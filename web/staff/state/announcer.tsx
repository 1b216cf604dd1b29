/**
 * One polite live region for the results of actions that change the screen
 * without a new page ("已受理", "已加载更多"), visible as well as announced.
 * The region is always in the page, so assistive technology hears its changes.
 *
 * A message belongs to the screen it is shown on: going to another screen (a
 * new path, router.ts) clears it, so "已新增部门" never reads as being about the
 * next feedback. A message said as an action takes the user elsewhere (a merge
 * that returns to 账号) is still shown, on the screen it led to.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useRoute } from '../lib/router';

const Announce = createContext<(message: string) => void>(() => {});

export function useAnnounce(): (message: string) => void {
  return useContext(Announce);
}

export function AnnouncerProvider({ children }: { children: (region: ComponentChildren) => ComponentChildren }) {
  const [message, setMessage] = useState('');
  const { path } = useRoute();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  // A new screen starts without the last one's message; one still on its way (said as the action navigated) lands after.
  // A layout effect: it runs as the new screen renders, so always before that message's timer.
  useLayoutEffect(() => setMessage(''), [path]);
  // The same message twice in a row must be announced twice: clear, then set.
  const announce = (m: string) => {
    setMessage('');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setMessage(m), 50);
  };
  const region = (
    <div class={message ? 'flash' : 'flash empty'} role="status" aria-live="polite">
      {message}
    </div>
  );
  return <Announce.Provider value={announce}>{children(region)}</Announce.Provider>;
}
