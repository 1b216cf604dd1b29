/**
 * Where the follow-up and review part (after-reply.tsx) goes on the tracking page. The
 * part is a chunk of its own, fetched once a reply is shown: the page's first view
 * carries only this slot (its budget, scripts/size-budget.ts). The server renders the
 * part itself (worker/pages/render.tsx hands it over with `provideAfterReply`), so the
 * forms work without scripts; while the chunk is on its way, the slot keeps what the
 * server rendered (hydration leaves an element's own HTML alone), and a look-up made
 * in the page shows the part as soon as it arrives.
 */
import type { VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { AfterReplyProps } from './after-reply';

type View = (props: AfterReplyProps) => VNode;

let loaded: View | undefined;

export function provideAfterReply(view: View) {
  loaded = view;
}

/** Fetches the part's code (the result slot waits for it before it replaces the server's HTML). */
export function loadAfterReply(): Promise<void> {
  return import('./after-reply').then(
    (mod) => {
      loaded = mod.AfterReply;
    },
    () => undefined,
  );
}

export function AfterReplySlot(props: AfterReplyProps) {
  const [View, setView] = useState(() => loaded);
  useEffect(() => {
    if (!View) void loadAfterReply().then(() => setView(() => loaded));
  }, []);
  if (View) return <div id="after-reply">{<View {...props} />}</div>;
  // Only in the browser: the server always has the part (provideAfterReply).
  const server = document.getElementById('after-reply');
  return <div id="after-reply" dangerouslySetInnerHTML={{ __html: server ? server.innerHTML : '' }} />;
}
