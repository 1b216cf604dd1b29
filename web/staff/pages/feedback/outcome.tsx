/**
 * The result of an action on this feedback, on this feedback's screen only
 * (the page is keyed by the feedback, so going to another one starts empty), with
 * the way on: 下一条, the next feedback of the list the user came from, and back
 * to that same list. The region is always there, so assistive technology
 * announces what is put in it; it takes the focus, so keyboard users go on from it.
 */
import { useEffect, useRef } from 'preact/hooks';
import { href } from '../../lib/router';
import { inboxSearch, nextInInbox } from '../../state/inbox-order';

/** The inbox the user came from, with its filters; the plain inbox when there is none. */
export function inboxLink(): string {
  const search = inboxSearch();
  return `${href('/inbox')}${search ? `?${search}` : ''}`;
}

export function GoOn({ id }: { id: number }) {
  const next = nextInInbox(id);
  return (
    <span class="go-on">
      {next !== null && <a href={href(`/feedback/${next}`)}>下一条</a>}
      <a href={inboxLink()}>返回收件箱</a>
    </span>
  );
}

export function Outcome({ id, message, version }: { id: number; message: string | null; version: number }) {
  const region = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) region.current?.focus();
  }, [version]);
  return (
    <div class={message ? 'flash outcome' : 'flash empty'} role="status" tabIndex={-1} ref={region}>
      {message && (
        <>
          <span>{message}</span> <GoOn id={id} />
        </>
      )}
    </div>
  );
}
