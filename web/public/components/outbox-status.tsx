import { useEffect, useState } from 'preact/hooks';
import { flush, pending, subscribe } from '../lib/outbox';
import { trackLink } from '../lib/track-link';

const RETRY_MS = 15_000;

/**
 * Sends what is still queued — now, when the connection returns, and every few
 * seconds while anything waits — and says so in a live region.
 */
export function OutboxStatus() {
  const [waiting, setWaiting] = useState(0);
  const [sent, setSent] = useState<Array<{ ref: string; code: string }>>([]);

  useEffect(() => {
    const refresh = () => setWaiting(pending().length);
    const unsubscribe = subscribe((_p, r) => {
      refresh();
      if (r.ok) setSent((list) => [...list, { ref: r.value.ref, code: r.value.queryCode }]);
    });
    const retry = () => void flush().then(refresh);
    refresh();
    retry();
    window.addEventListener('online', retry);
    const timer = setInterval(() => pending().length && retry(), RETRY_MS);
    return () => {
      unsubscribe();
      window.removeEventListener('online', retry);
      clearInterval(timer);
    };
  }, []);

  return (
    <div class="outbox" role="status" aria-live="polite">
      {waiting > 0 && <p>有 {waiting} 条反馈已保存，联网后自动提交。</p>}
      {sent.map((s) => (
        <p key={s.ref}>
          您保存的反馈已提交，编号 {s.ref}。<a href={trackLink(s.ref, s.code)}>查看</a>
        </p>
      ))}
    </div>
  );
}
