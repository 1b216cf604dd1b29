/**
 * Where a look-up's result goes on the tracking page. The result (track-result.tsx) is a
 * chunk of its own, fetched alongside the API's answer (`loadResult`), so the page's first
 * view carries only the form (its budget, scripts/size-budget.ts). The server renders the
 * result itself (worker/pages/render.tsx hands it over with `provideResult`), so the page
 * works without scripts; while the chunk is on its way, the slot keeps what the server
 * rendered (hydration leaves an element's own HTML alone), as after-reply-slot.tsx does.
 */
import type { VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { PublicFeedbackView } from '../../../worker/feedback/track';
import { trackMessages } from '../../../worker/track-messages';
import { LOOK_UP_TIMEOUT_MS } from '../lib/track-api';
import type { TrackState } from '../lib/track-state';

export interface ResultProps {
  f: PublicFeedbackView;
  code: string;
  state: TrackState;
  onRated: (f: PublicFeedbackView) => void;
}

type View = (props: ResultProps) => VNode;

let loaded: View | undefined;

export function provideResult(view: View) {
  loaded = view;
}

/**
 * Fetches the result's code; never fails, and settles within the look-up's own time limit
 * (LOOK_UP_TIMEOUT_MS): a network that takes the request and never answers leaves the slot
 * saying the network failed, not the page waiting. Code that arrives late is still kept.
 */
export function loadResult(): Promise<unknown> {
  if (loaded) return Promise.resolve();
  // One wait at a time: the look-up's and then the slot's are the same, so a code that never comes is waited for once.
  if (!waiting) {
    const code = import('./track-result').then(
      async (m) => {
        // The server rendered the after-reply part: bring its code too, so that the switch does not blank it.
        if (document.getElementById('after-reply')) await m.loadAfterReply();
        loaded = m.Result;
      },
      () => undefined,
    );
    void code.then(() => (waiting = undefined));
    waiting = Promise.race([code, new Promise((settle) => setTimeout(settle, LOOK_UP_TIMEOUT_MS))]);
  }
  return waiting;
}

let waiting: Promise<unknown> | undefined;

export function ResultSlot(props: ResultProps) {
  const [View, setView] = useState(() => loaded);
  // What the server rendered, read once, in the browser only (the server always has the result: provideResult).
  const [server] = useState(() => (loaded ? '' : (document.getElementById('result')?.innerHTML ?? '')));
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!View) void loadResult().then(() => (loaded ? setView(() => loaded) : setFailed(true)));
  }, []);
  if (View) return <div id="result">{<View {...props} />}</div>;
  // A look-up answered while the code could not be fetched (a weak network): say so, rather than show nothing.
  if (!server && failed) return <p id="result">{trackMessages.offline}</p>;
  return <div id="result" dangerouslySetInnerHTML={{ __html: server }} />;
}
