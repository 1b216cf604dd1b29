/**
 * One polite live region for the results of actions that change the screen
 * without a new page ("已受理", "已加载更多"), visible as well as announced.
 * The region is always in the page, so assistive technology hears its changes.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useState } from 'preact/hooks';

const Announce = createContext<(message: string) => void>(() => {});

export function useAnnounce(): (message: string) => void {
  return useContext(Announce);
}

export function AnnouncerProvider({ children }: { children: (region: ComponentChildren) => ComponentChildren }) {
  const [message, setMessage] = useState('');
  // The same message twice in a row must be announced twice: clear, then set.
  const announce = (m: string) => {
    setMessage('');
    setTimeout(() => setMessage(m), 50);
  };
  const region = (
    <div class={message ? 'flash' : 'flash empty'} role="status" aria-live="polite">
      {message}
    </div>
  );
  return <Announce.Provider value={announce}>{children(region)}</Announce.Provider>;
}
