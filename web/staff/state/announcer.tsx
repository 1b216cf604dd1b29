/**
 * One polite live region for the results of actions that change the screen
 * without a new page ("已受理", "已加载更多"), visible as well as announced.
 * The region is always in the page, so assistive technology hears its changes.
 *
 * A message belongs to the screen it was said on: going to another screen (a
 * new path, router.ts) clears it, and a message said just before leaving is
 * dropped, so "已新增部门" never reads as being about the next feedback.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { currentPath, useRoute } from '../lib/router';

const Announce = createContext<(message: string) => void>(() => {});

export function useAnnounce(): (message: string) => void {
  return useContext(Announce);
}

export function AnnouncerProvider({ children }: { children: (region: ComponentChildren) => ComponentChildren }) {
  const [message, setMessage] = useState('');
  const { path } = useRoute();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => {
    clearTimeout(timer.current);
    setMessage('');
  }, [path]);
  // The same message twice in a row must be announced twice: clear, then set.
  const announce = (m: string) => {
    const screen = currentPath();
    setMessage('');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (currentPath() === screen) setMessage(m);
    }, 50);
  };
  const region = (
    <div class={message ? 'flash' : 'flash empty'} role="status" aria-live="polite">
      {message}
    </div>
  );
  return <Announce.Provider value={announce}>{children(region)}</Announce.Provider>;
}
