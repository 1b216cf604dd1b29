import { useEffect, useRef, useState } from 'preact/hooks';
import { kindLabels } from '../../../worker/feedback/labels';
import type { SentFeedback } from '../page-data';
import { DEFAULT_DEADLINES } from '../../../worker/feedback/deadlines';
import { receiptMessages } from '../../../worker/receipt-messages';
import { longDate } from '../lib/format';
import { markRead } from '../lib/outbox';
import { trackLink } from '../lib/track-link';

/**
 * The receipt: reference and query code, big, the deadlines, and what was sent, to
 * check. `saved`: a feedback sent from the outbox after the person had left the form,
 * shown at the top of any page (its heading is then an h2). `onDismiss`: the receipt
 * waits for 我已记下.
 */
export function ReceiptPanel({ sent, saved, onDismiss }: { sent: SentFeedback; saved?: boolean; onDismiss?: () => void }) {
  const { receipt, notice } = sent;
  const [copied, setCopied] = useState(false);
  // The copy button needs a script: shown once one runs (the receipt of the form sent without scripts has none).
  const [live, setLive] = useState(false);
  const [noted, setNoted] = useState(false);
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    setLive(true);
    if (!saved) title.current?.focus();
  }, []);
  const link = trackLink(receipt.ref, receipt.queryCode);
  const copy = async () => {
    const text = `反馈编号：${receipt.ref}\n查询码：${receipt.queryCode}\n查询网址：${location.origin}${link}`;
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  const lost = (sent.photos ?? 0) - receipt.photos;
  const H = saved ? 'h2' : 'h1';
  const Sub = saved ? 'h3' : 'h2';
  const id = `receipt-${receipt.ref}`;
  return (
    <section class={`receipt${saved ? ' saved' : ''}`} aria-labelledby={id}>
      <H id={id} tabIndex={-1} ref={title}>
        {saved ? '您保存的反馈已提交' : '提交成功'}
      </H>
      <p>{saved && '您没有联网时保存的反馈，现在已经提交。'}请截图或抄下编号和查询码，凭它们查询办理进度和答复。</p>
      <dl class="codes">
        <dt>反馈编号</dt>
        <dd class="code" data-testid="ref">{receipt.ref}</dd>
        <dt>查询码</dt>
        <dd class="code" data-testid="query-code">{receipt.queryCode}</dd>
      </dl>
      {/* The reply's period runs from acceptance (第三十四条): replyBy, counted from the day received, is an example, not a promise. */}
      <p>{receiptMessages.deadlines(longDate(receipt.acknowledgeBy), receipt.replyDays ?? DEFAULT_DEADLINES.replyDays, longDate(receipt.replyBy))}</p>
      <div class="actions">
        {live && (
          <button type="button" class="button" onClick={copy}>
            复制编号和查询码
          </button>
        )}
        {/* Beside the button pressed, where the eye is (a line under the buttons fell off the screen). */}
        {live && <span aria-live="polite">{copied && receiptMessages.copied}</span>}
        {live ? (
          <a class="button secondary" href={link}>
            查看办理进度
          </a>
        ) : (
          // Without scripts the fragment would be read by nobody: the tracking page's own form, sent for them (the code in the body, never an address).
          <form method="post" action="/track">
            <input type="hidden" name="ref" value={receipt.ref} />
            <input type="hidden" name="code" value={receipt.queryCode} />
            <button type="submit" class="button secondary">
              查看办理进度
            </button>
          </form>
        )}
      </div>
      <Sub>您提交的反馈</Sub>
      <dl class="sent">
        {notice.title && <dt>通报</dt>}
        {notice.title && <dd>{notice.title}</dd>}
        {sent.item && <dt>监督事项</dt>}
        {sent.item && <dd>{sent.item}</dd>}
        <dt>反馈类型</dt>
        <dd>{kindLabels[sent.kind as keyof typeof kindLabels] ?? sent.kind}</dd>
        <dt>反馈内容</dt>
        <dd>{sent.content}</dd>
        {(receipt.photos > 0 || lost > 0) && <dt>照片</dt>}
        {(receipt.photos > 0 || lost > 0) && (
          <dd>
            {receipt.photos} 张
            {/* Kept only in the memory of a page closed before they could go (lib/photo-outbox.ts). */}
            {lost > 0 && `（另有 ${lost} 张照片没有保存在本机，未能提交；如需补充，请凭编号和查询码联系办理单位）`}
          </dd>
        )}
      </dl>
      <p class="actions">
        {onDismiss && !noted && (
          <button
            type="button"
            class="button"
            onClick={() => {
              setNoted(true);
              onDismiss();
            }}
          >
            我已记下
          </button>
        )}
        {/* To the item itself (its category opens for it, pages/notice.tsx), not the top of a folded notice. */}
        <a href={`/n/${notice.slug}${sent.itemId ? `#item-${sent.itemId}` : ''}`}>返回通报</a>
      </p>
    </section>
  );
}

/** Receipts of feedback sent from the outbox after the person left the form, at the top of any page until 我已记下 (outbox-status.tsx). */
export function SavedReceipts({ list, onRead }: { list: SentFeedback[]; onRead: () => void }) {
  return (
    <div class="saved-receipts">
      {list.map((s) => (
        <ReceiptPanel
          key={s.receipt.ref}
          sent={s}
          saved
          onDismiss={() => {
            markRead(s.receipt.ref);
            onRead();
          }}
        />
      ))}
    </div>
  );
}
