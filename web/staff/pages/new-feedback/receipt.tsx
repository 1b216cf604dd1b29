/**
 * What to pass on to the person who called, wrote or came in: the reference and
 * the query code, large enough to read out or copy onto a letter. The code is
 * shown only here; the server keeps only its hash. A back-dated feedback whose
 * deadlines had already passed is said to be overdue, first. The photos chosen
 * with it are uploaded once it is stored, and their outcome is said here too.
 *
 * The reply period runs from acceptance (信访工作条例 第三十四条), which has not
 * happened yet: the receipt says so, with the day it would end if accepted on the
 * day received (the stored `replyBy`, so a back-dated letter counts from the day it
 * came), as the public receipt does. An anonymous letter leaves nobody to tell: the
 * receipt says to keep the two on file instead. Dates as 2026年12月1日 throughout.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { longDate } from '../../lib/format';
import type { ManualReceipt } from '../../lib/staff-api';
import { useSession } from '../../state/session';
import { DeadlineWarning, passedOnReceipt } from './deadline-warning';

export function Receipt({ receipt, unreachable = false, onAnother, children }: { receipt: ManualReceipt; unreachable?: boolean; onAnother: () => void; children?: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const session = useSession().state;
  const replyDays = session.is === 'signed-in' ? session.replyDays : null;
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class="receipt panel" aria-labelledby="receipt-title">
      <h2 id="receipt-title" tabIndex={-1} ref={heading}>
        {unreachable ? '已录入。反映人无法联系，请把编号和查询码随来信存档' : '已录入。请把编号和查询码告诉反映人'}
      </h2>
      <DeadlineWarning lines={passedOnReceipt(receipt)} id="receipt-deadline-warning" />
      <p>
        {unreachable
          ? '这是匿名来信，编号和查询码无法告诉反映人。查询码只显示这一次，系统不保存原文；反映人日后来电或来访询问时，可凭存档告知。'
          : '查询码只显示这一次，系统不保存原文。反映人凭这两项可以在“查询反馈”页面查看办理进度和答复。'}
      </p>
      <dl class="codes">
        <dt>反馈编号</dt>
        <dd class="code" data-testid="ref">
          {receipt.ref}
        </dd>
        <dt>查询码</dt>
        <dd class="code" data-testid="query-code">
          {receipt.queryCode}
        </dd>
      </dl>
      <p data-testid="receipt-deadlines">
        应在 {longDate(receipt.acknowledgeBy)} 前告知是否受理
        {replyDays === null ? '。' : `；自受理之日起 ${replyDays} 日内答复（如收到当天受理，则在 ${longDate(receipt.replyBy)} 前）。`}
      </p>
      {children}
      <div class="actions">
        <a class="button" href={`#/feedback/${receipt.id}`}>
          查看这条反馈
        </a>
        <button type="button" class="button secondary" onClick={onAnother}>
          再录入一条
        </button>
      </div>
    </section>
  );
}
