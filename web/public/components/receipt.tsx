import { useState } from 'preact/hooks';
import type { Receipt } from '../../../worker/feedback/submit';
import { longDate } from '../lib/format';
import { trackLink } from '../lib/track-link';


export function ReceiptPanel({ receipt }: { receipt: Receipt }) {
  const [copied, setCopied] = useState(false);
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
  return (
    <section class="receipt" aria-labelledby="receipt-title">
      <h1 id="receipt-title" tabIndex={-1}>
        提交成功
      </h1>
      <p>请截图或抄下编号和查询码，凭它们查询办理进度和答复。</p>
      <dl class="codes">
        <dt>反馈编号</dt>
        <dd class="code" data-testid="ref">{receipt.ref}</dd>
        <dt>查询码</dt>
        <dd class="code" data-testid="query-code">{receipt.queryCode}</dd>
      </dl>
      <p>
        我们将在 {longDate(receipt.acknowledgeBy)} 前告知是否受理，在 {longDate(receipt.replyBy)} 前答复您。
      </p>
      <p class="actions">
        <button type="button" class="button" onClick={copy}>
          复制编号和查询码
        </button>
        <a class="button secondary" href={link}>
          查看办理进度
        </a>
      </p>
      <p aria-live="polite">{copied ? '已复制' : ''}</p>
    </section>
  );
}
