/**
 * A follow-up (补充说明) or review request (请求复查) the submitter sent after the reply,
 * awaiting staff: what it is, since when, by which day to answer (a review: 30 days,
 * 信访工作条例 第三十五条), and 已处理 with an answer the submitter reads in 办理记录, or
 * without one (POST …/attention, worker/staff/attention.ts). Its text is the timeline's
 * last follow-up or review request.
 */
import { useState } from 'preact/hooks';
import { REPLY_MAX } from '../../../../worker/staff/workflow';
import { DaysLeft } from '../../components/days-left';
import { ErrorSummary } from '../../components/error-summary';
import { SubmitButton, TextArea } from '../../components/fields';
import { instantDateTime } from '../../lib/format';
import { staffApi, type FeedbackDetail } from '../../lib/staff-api';
import { useForm } from '../../lib/use-form';

export const attentionLabels = { follow_up: '补充说明', review: '请求复查' } as const;

/** Whole days from today (Asia/Shanghai) to a YYYY-MM-DD deadline. */
function daysTo(date: string): number {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

export function AttentionPanel({ f, onDone }: { f: FeedbackDetail; onDone: (f: FeedbackDetail, message: string) => void }) {
  const form = useForm('attention');
  const [text, setText] = useState('');
  const a = f.attention;
  if (!a) return null;
  const what = attentionLabels[a.kind];
  const sent = [...f.timeline].reverse().find((e) => e.type === (a.kind === 'review' ? 'review_request' : 'follow_up'));
  const left = daysTo(a.by);
  const submit = async (e: Event) => {
    e.preventDefault();
    const next = await form.submit(() => staffApi.answerAttention(f, text));
    if (next) {
      setText('');
      onDone(next, text.trim() ? `已回复${what}，反映人可在查询页面看到` : `已将${what}标记为已处理`);
    }
  };
  return (
    <section class="panel attention" aria-labelledby="attention-title">
      <h2 id="attention-title">
        <span class="tag tag-attention">{what}</span> 待回应
      </h2>
      <p>
        反映人于 {instantDateTime(a.at)} {a.kind === 'review' ? '对答复不服，请求复查' : '补充说明'}。请在 <strong>{a.by}</strong> 前处理{' '}
        <DaysLeft daysLeft={left} overdue={left < 0} />
        {a.kind === 'review' && '（收到复查请求之日起 30 日内提出复查意见，《信访工作条例》第三十五条）'}。
      </p>
      {sent?.text && <blockquote>{sent.text}</blockquote>}
      {f.allowedActions.answerAttention && (
        <form onSubmit={submit} noValidate aria-label={`处理${what}`}>
          <ErrorSummary form={form} />
          <TextArea
            form={form}
            name="text"
            label={a.kind === 'review' ? '复查意见（选填）' : '回复（选填）'}
            hint={`填写后公开给反映人，显示在查询页面的办理记录中，最多 ${REPLY_MAX} 字；不填则只标记为已处理`}
            value={text}
            onInput={setText}
            rows={4}
          />
          <SubmitButton form={form}>已处理</SubmitButton>
        </form>
      )}
    </section>
  );
}
