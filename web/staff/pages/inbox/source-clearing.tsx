/**
 * Clearing a flood from the inbox of one source's hour (`#/inbox?source=…&around=…`,
 * reached from a feedback's 来源标识): how many feedback the source sent in that
 * hour, how many of them this user may mark as spam, and one button for all of
 * them, confirmed after saying how many and what happens. What changed after the
 * count was read is left as it is (the server keeps to the read).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorSummary, LoadError } from '../../components/error-summary';
import { SubmitButton } from '../../components/fields';
import { instantDateTime } from '../../lib/format';
import { staffApi, type SourceFigures } from '../../lib/staff-api';
import { useForm } from '../../lib/use-form';
import { useResource } from '../../lib/use-resource';
import { useAnnounce } from '../../state/announcer';
import { useSession } from '../../state/session';

export function SourceClearing({ source, around, onMarked }: { source: string; around: number; onMarked: () => void }) {
  const session = useSession();
  const [read, setRead] = useState(0);
  const figures = useResource(() => staffApi.sourceFigures(source, around), `source:${source}:${around}:${read}`);
  const [confirming, setConfirming] = useState(false);
  const f = figures.data;
  if (figures.error) return <LoadError error={figures.error} />;
  if (!f) return null;
  const mayMark = session.can('feedback.handle');
  const done = () => {
    setConfirming(false);
    setRead((n) => n + 1);
    onMarked();
  };
  return (
    <section class="panel" aria-labelledby="source-title">
      <h2 id="source-title">
        来源 <code class="source">{f.source}</code> 一小时内的反馈
      </h2>
      <p>
        {instantDateTime(f.from)} 至 {instantDateTime(f.to)}，这个来源共提交了 {f.total} 条反馈
        {mayMark && (f.markable > 0 ? `，其中 ${f.markable} 条待受理，可以标为垃圾信息` : '，没有待受理的反馈')}。
      </p>
      {confirming ? (
        <ConfirmSpam figures={f} around={around} onCancel={() => setConfirming(false)} onDone={done} onStale={() => setRead((n) => n + 1)} />
      ) : (
        mayMark &&
        f.markable > 0 && (
          <div class="actions">
            <button type="button" class="button" onClick={() => setConfirming(true)}>
              全部标为垃圾信息
            </button>
          </div>
        )
      )}
    </section>
  );
}

function ConfirmSpam({ figures: f, around, onCancel, onDone, onStale }: { figures: SourceFigures; around: number; onCancel: () => void; onDone: () => void; onStale: () => void }) {
  const form = useForm('source-spam');
  const announce = useAnnounce();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const others = f.total - f.markable;
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await form.submit(async () => {
      const answer = await staffApi.markSourceSpam(f, around);
      // Read the count again, so that the next confirmation states what is there now.
      if (!answer.ok && answer.error.code === 'stale') onStale();
      return answer;
    });
    if (!r) return;
    // The confirmation goes away with its button: the focus goes to the result, not the page's body.
    announce(`已将 ${r.marked} 条反馈标为垃圾信息${r.left > 0 ? `，另有 ${r.left} 条保持不变` : ''}`, { tone: r.marked === 0 ? 'warning' : 'success', focus: true });
    onDone();
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="source-spam-title">
      <h3 id="source-spam-title" tabIndex={-1} ref={heading}>
        确认把这 {f.markable} 条反馈全部标为垃圾信息？
      </h3>
      <ErrorSummary form={form} />
      <ul class="plain-list">
        <li>这 {f.markable} 条待受理的反馈将改为“无效”，不再计入通报页面上的反馈条数；反映人查询时会看到这一状态。</li>
        {others > 0 && <li>其余 {others} 条已受理、已办理或已是垃圾信息的反馈保持不变。</li>}
        <li>打开本页之后新收到或被他人处理过的反馈不受影响。</li>
        <li>如有误标，管理员可以逐条重新打开。</li>
      </ul>
      <div class="actions">
        <SubmitButton form={form}>确认标为垃圾信息（{f.markable} 条）</SubmitButton>
        <button type="button" class="button secondary" onClick={onCancel}>
          取消
        </button>
      </div>
    </form>
  );
}
