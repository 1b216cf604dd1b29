import { useEffect, useState } from 'preact/hooks';
import { flush, heldUntil, later, pending, subscribe } from '../lib/outbox';
import { trackLink } from '../lib/track-link';

const RETRY_MS = 15_000;

/**
 * Sends what is still queued — now, when the connection returns, every few
 * seconds while anything waits, and when a wait the server asked for is over —
 * and says so in a live region.
 */
export function OutboxStatus() {
  const [waiting, setWaiting] = useState(0);
  const [held, setHeld] = useState<number | null>(null);
  const [sent, setSent] = useState<Array<{ ref: string; code: string }>>([]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const retry = () => void flush().then(refresh);
    const refresh = () => {
      const until = heldUntil();
      setWaiting(pending().length);
      setHeld(until);
      clearTimeout(timer);
      if (until !== null) timer = setTimeout(retry, Math.min(until - Date.now() + 250, 2 ** 31 - 1));
    };
    const unsubscribe = subscribe((_p, r) => {
      refresh();
      if (r.ok) setSent((list) => [...list, { ref: r.value.ref, code: r.value.queryCode }]);
    });
    refresh();
    retry();
    window.addEventListener('online', retry);
    const interval = setInterval(() => pending().length && retry(), RETRY_MS);
    return () => {
      unsubscribe();
      window.removeEventListener('online', retry);
      clearInterval(interval);
      clearTimeout(timer);
    };
  }, []);

  return (
    <div class="outbox" role="status" aria-live="polite">
      {waiting > 0 && <p>{held === null ? `有 ${waiting} 条反馈已保存，联网后自动提交。` : `有 ${waiting} 条反馈已保存，${later(held)}自动提交，无需重新填写。`}</p>}
      {sent.map((s) => (
        <p key={s.ref}>
          您保存的反馈已提交，编号 {s.ref}。<a href={trackLink(s.ref, s.code)}>查看</a>
        </p>
      ))}
    </div>
  );
}
