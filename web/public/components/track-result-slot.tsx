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

/** Fetches the result's code; never fails (offline, the look-up says so itself). */
export function loadResult(): Promise<unknown> {
  return loaded
    ? Promise.resolve()
    : import('./track-result').then(
        async (m) => {
          // The server rendered the after-reply part: bring its code too, so that the switch does not blank it.
          if (document.getElementById('after-reply')) await m.loadAfterReply();
          loaded = m.Result;
        },
        () => undefined,
      );
}

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
