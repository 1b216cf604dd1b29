import { useEffect, useState } from 'preact/hooks';
import type { SentFeedback } from '../page-data';
import { flush, heldUntil, later, pending, subscribe, unreadReceipts } from '../lib/outbox';

const RETRY_MS = 15_000;

type Saved = typeof import('./receipt').SavedReceipts;

/**
 * Sends what is still queued — now, when the connection returns, every few
 * seconds while anything waits, and when a wait the server asked for is over —
 * and says so in a live region. A feedback that went through after the person
 * left the form gets its whole receipt here, on whatever page is open, until
 * they press 我已记下 (the receipt's code loads only then).
 */
export function OutboxStatus() {
  const [waiting, setWaiting] = useState(0);
  const [held, setHeld] = useState<number | null>(null);
  const [unread, setUnread] = useState<SentFeedback[]>([]);
  const [Saved, setSaved] = useState<Saved | null>(null);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const retry = () => void flush().then(refresh);
    const refresh = () => {
      const until = heldUntil();
      setWaiting(pending().length);
      setHeld(until);
      setUnread(unreadReceipts());
      clearTimeout(timer);
      if (until !== null) timer = setTimeout(retry, Math.min(until - Date.now() + 250, 2 ** 31 - 1));
    };
    const unsubscribe = subscribe(refresh);
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

  useEffect(() => {
    if (unread.length && !Saved) void import('./receipt').then((m) => setSaved(() => m.SavedReceipts), () => undefined);
  }, [unread]);

  return (
    <>
      <div class="outbox" role="status" aria-live="polite">
        {waiting > 0 && <p>{held === null ? `有 ${waiting} 条反馈已保存，联网后自动提交。` : `有 ${waiting} 条反馈已保存，${later(held)}自动提交，无需重新填写。`}</p>}
        {unread.map((s) => (
          <p key={s.receipt.ref} class="visually-hidden">
            您保存的反馈已提交，编号 {s.receipt.ref}。请记下页面顶部的编号和查询码。
          </p>
        ))}
      </div>
      {Saved && unread.length > 0 && <Saved list={unread} onRead={() => setUnread(unreadReceipts())} />}
    </>
  );
}
