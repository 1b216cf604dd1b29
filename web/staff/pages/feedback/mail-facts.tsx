/**
 * What came with a feedback sent by e-mail: whether the sender was answered with the reference
 * and query code (staff must tell them otherwise), and the attachments, which are listed by
 * name, type and size but not stored yet.
 */
import type { FeedbackDetail } from '../../lib/staff-api';

const answerText: Record<string, string> = {
  sent: '已回信告知编号和查询码',
  failed: '回信发送失败：反映人未收到编号和查询码，请另行告知',
  not_configured: '未配置发信：反映人未收到编号和查询码，请另行告知',
  limited: '同一发件人当日来信较多，未再回信：请另行告知编号和查询码',
};

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function MailFacts({ mail }: { mail: NonNullable<FeedbackDetail['mail']> }) {
  return (
    <>
      <dt>回信</dt>
      <dd>{mail.answer ? (answerText[mail.answer] ?? mail.answer) : '—'}</dd>
      {mail.attachments.length > 0 && (
        <>
          <dt>附件（未保存）</dt>
          <dd>
            <ul class="plain">
              {mail.attachments.map((a, i) => (
                <li key={i}>
                  {a.name}（{a.type}，{size(a.size)}）
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
    </>
  );
}
