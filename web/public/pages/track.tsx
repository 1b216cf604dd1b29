import type { PageData } from '../page-data';
import { useEffect, useState } from 'preact/hooks';
import { ratingLabels, statusLabels } from '../../../worker/feedback/labels';
import type { PublicFeedbackView } from '../../../worker/feedback/track';
import { getFeedback, postRating } from '../lib/api';
import { instantDate, longDate } from '../lib/format';
import { receipts, type SavedReceipt } from '../lib/outbox';
import { itemHeading } from '../../../worker/notice/item-label';

// A status change is named by its status (statusLabels); these events by what happened.
const eventText: Record<string, string> = {
  submitted: '收到您的反馈',
  rated: '您评价了答复',
  extended: '办理期限延长',
  reopened: '重新办理',
};

/** What an event's text is: a reason, the original reference, the department, the reply. */
const textLabel: Record<string, string> = {
  declined: '理由：',
  reopened: '理由：',
  extended: '理由：',
  duplicate: '与以下反馈重复：',
  in_progress: '承办部门：',
  replied: '答复：',
};

function Timeline({ f }: { f: PublicFeedbackView }) {
  return (
    <ol class="timeline">
      {f.timeline.map((e, i) => (
        <li key={i}>
          <time>{instantDate(e.at)}</time> {eventText[e.type] ?? statusLabels[e.type as keyof typeof statusLabels] ?? e.type}
          {e.text && (
            <p>
              {textLabel[e.type]}
              {e.text}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}

function Rating({ f, code, onRated }: { f: PublicFeedbackView; code: string; onRated: (r: number) => void }) {
  const [message, setMessage] = useState('');
  if (f.rating !== null) return <p>您的评价：{ratingLabels[f.rating as 1 | 2 | 3]}</p>;
  if (!f.canRate) return null;
  const rate = async (r: number) => {
    const res = await postRating(f.ref, code, r);
    if (res.ok) onRated(r);
    else setMessage(res.retry ? '现在连不上网络，请稍后再评价' : res.error.message);
  };
  return (
    <fieldset class="field">
      <legend>您对答复满意吗？</legend>
      <div class="choices">
        {([3, 2, 1] as const).map((r) => (
          <button key={r} type="button" class="button secondary" onClick={() => rate(r)}>
            {ratingLabels[r]}
          </button>
        ))}
      </div>
      <p role="status">{message}</p>
    </fieldset>
  );
}

function Result({ f, code, onRated }: { f: PublicFeedbackView; code: string; onRated: (r: number) => void }) {
  const open = !['replied', 'closed', 'declined', 'duplicate', 'spam'].includes(f.status);
  return (
    <section class="result" aria-labelledby="result-title">
      <h2 id="result-title" tabIndex={-1}>
        {f.ref}：{statusLabels[f.status]}
      </h2>
      <p class="meta">
        {f.notice.title}
        {` · ${itemHeading(f.item)}`}
      </p>
      <blockquote>{f.content}</blockquote>
      {open && (
        <p>
          {f.status === 'new' && `我们将在 ${longDate(f.acknowledgeBy)} 前告知是否受理。`}
          答复期限：{longDate(f.replyBy)}
          {f.replyDaysLeft >= 0 ? `（还有 ${f.replyDaysLeft} 天）` : `（已超期 ${-f.replyDaysLeft} 天）`}
        </p>
      )}
      {f.reply && (
        <section class="reply" aria-labelledby="reply-title">
          <h3 id="reply-title">答复</h3>
          <p>{f.reply}</p>
        </section>
      )}
      <Rating f={f} code={code} onRated={onRated} />
      <h3>办理记录</h3>
      <Timeline f={f} />
    </section>
  );
}

export function TrackPage() {
  const [ref, setRef] = useState('');
  const [code, setCode] = useState('');
  const [result, setResult] = useState<PublicFeedbackView | null>(null);
  const [error, setError] = useState('');
  const [mine, setMine] = useState<SavedReceipt[]>([]);

  const look = async (r: string, c: string) => {
    setError('');
    const res = await getFeedback(r.trim(), c.trim());
    if (res.ok) setResult(res.value);
    else {
      setResult(null);
      setError(res.retry ? '现在连不上网络，请联网后再查询' : res.error.message);
    }
  };

  useEffect(() => {
    setMine(receipts());
    const hash = new URLSearchParams(location.hash.slice(1));
    const r = hash.get('ref');
    const c = hash.get('code');
    if (r && c) {
      setRef(r);
      setCode(c);
      void look(r, c);
    }
  }, []);

  useEffect(() => {
    document.title = `${error ? '错误：' : ''}查询反馈 - 整改监督`;
  }, [error]);

  return (
    <>
      <h1>查询反馈</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void look(ref, code);
        }}
      >
        <div class="field">
          <label for="field-ref">反馈编号</label>
          <input id="field-ref" autoComplete="off" autoCapitalize="characters" value={ref} onInput={(e) => setRef((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="field-code">查询码</label>
          <input id="field-code" autoComplete="off" autoCapitalize="characters" value={code} onInput={(e) => setCode((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <button type="submit" class="button primary">
          查询
        </button>
      </form>
      <div aria-live="polite">
        {error && (
          <p class="error-summary" role="alert">
            {error}
          </p>
        )}
        {result && <Result f={result} code={code} onRated={(rating) => setResult({ ...result, rating, canRate: false })} />}
      </div>
      {mine.length > 0 && !result && (
        <section aria-labelledby="mine-title">
          <h2 id="mine-title">本机提交过的反馈</h2>
          <ul class="list">
            {mine.map((m) => (
              <li key={m.ref}>
                <a href={`#ref=${encodeURIComponent(m.ref)}&code=${encodeURIComponent(m.queryCode)}`} onClick={() => {
                    setRef(m.ref);
                    setCode(m.queryCode);
                    void look(m.ref, m.queryCode);
                  }}
                >
                  {m.ref}
                </a>{' '}
                <span class="meta">{instantDate(m.at)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

export default function TrackRoute(_data: Extract<PageData, { page: 'track' }>) {
  return <TrackPage />;
}
