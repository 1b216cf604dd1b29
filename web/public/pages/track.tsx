/**
 * 查询反馈: the reference and query code give the feedback's status, its reply and
 * its 办理记录, and the rating of the reply.
 *
 * The form is a real POST form (worker/routes/track-page.ts answers it without
 * scripts); with scripts the page asks the API instead and stays where it is. The
 * code never goes into the address: a receipt's link may carry it in the fragment,
 * which is read once and dropped, and the look-up is kept in the history entry's
 * state, so refresh and back/forward find the result again.
 */
import type { PageData } from '../page-data';
import { useEffect, useState } from 'preact/hooks';
import type { TrackNotFoundBody } from '../../../worker/feedback/track';
import { trackMessages } from '../../../worker/track-messages';
import { ErrorSummary, FieldError, type FormError } from '../components/error-summary';
import { OfficePhones } from '../components/office-phones';
import { loadResult, ResultSlot } from '../components/track-result-slot';
import { getFeedback } from '../lib/track-api';
import { instantDate } from '../lib/format';
import { receipts, type SavedReceipt } from '../lib/outbox';
import { notFoundProblem, type TrackState } from '../lib/track-state';

export function TrackPage({ initial }: { initial: TrackState }) {
  const [ref, setRef] = useState(initial.ref || '');
  const [code, setCode] = useState(initial.code || '');
  const [result, setResult] = useState(initial.result || null);
  const [errors, setErrors] = useState<FormError[]>(initial.errors || []);
  const [problem, setProblem] = useState(initial.problem || null);
  const [version, setVersion] = useState(0);
  /** A look-up under way: 查询 says so and waits, so that a slow network does not look like nothing happened. */
  const [looking, setLooking] = useState(false);
  const [mine, setMine] = useState<SavedReceipt[]>([]);
  const fieldError = (field: string) => (errors.find((e) => e.field === field) || { message: undefined }).message;
  /** Keeps the look-up in the history entry (never the address), or forgets it. */
  const keep = (kept: { ref: string; code: string } | null) => history.replaceState(kept && { track: kept }, '');

  const look = async (r: string, c: string) => {
    const blank: FormError[] = [];
    if (!r.trim()) blank.push({ field: 'ref', message: trackMessages.refRequired });
    if (!c.trim()) blank.push({ field: 'code', message: trackMessages.codeRequired });
    setErrors(blank);
    setVersion(version + 1);
    setProblem(null);
    setResult(null);
    if (blank.length > 0) return;
    // The result's code comes with the answer, not before (components/track-result-slot.tsx), and is
    // waited for only when there is a result to show: a refusal is told at once, whatever the code does.
    setLooking(true);
    const code = loadResult();
    const res = await getFeedback(r.trim(), c.trim())
      .then(async (answer) => (answer.ok ? code.then(() => answer) : answer))
      .finally(() => setLooking(false));
    keep(res.ok ? { ref: r, code: c } : null);
    if (res.ok) setResult(res.value);
    else if (res.retry) setProblem({ message: trackMessages.offline, help: false });
    else if (res.status === 404) {
      const e = res.error as TrackNotFoundBody['error'];
      setProblem(notFoundProblem(e.message, e.triesLeft, e.resetAfter * 1000));
    } else setProblem({ message: res.error.message, help: res.status === 429 });
    // Take the reader to what the look-up found, or to what went wrong.
    requestAnimationFrame(() => {
      const to = document.getElementById(res.ok ? 'result-title' : 'problem');
      if (to) to.focus();
    });
  };

  useEffect(() => {
    const saved = receipts();
    setMine(saved);
    // A receipt's link: the reference, and perhaps the code, in the fragment. Read it, then drop it from the address.
    const hash = new URLSearchParams(location.hash.slice(1));
    const linked = hash.get('ref');
    const kept = ((history.state || {}) as { track?: { ref: string; code: string } }).track;
    if (linked) {
      history.replaceState(null, '', location.pathname);
      const receipt = saved.find((m) => m.ref === linked.trim().toUpperCase());
      const c = hash.get('code') || (receipt ? receipt.queryCode : '');
      setRef(linked);
      setCode(c);
      if (c) void look(linked, c);
    } else if (kept && !initial.result && !initial.problem) {
      setRef(kept.ref);
      setCode(kept.code);
      void look(kept.ref, kept.code);
    } else if (initial.result) keep({ ref, code });
  }, []);

  const failed = errors.length > 0 || problem !== null;
  useEffect(() => {
    document.title = `${failed ? '错误：' : ''}查询反馈 - 整改监督`;
  }, [failed]);

  const input = (field: 'ref' | 'code', label: string, value: string, set: (v: string) => void) => (
    <div class={`field${fieldError(field) ? ' has-error' : ''}`}>
      <label for={`field-${field}`}>{label}</label>
      <FieldError field={field} message={fieldError(field)} />
      <input
        id={`field-${field}`}
        name={field}
        autoComplete="off"
        autoCapitalize="characters"
        spellcheck={false}
        aria-describedby={fieldError(field) ? `${field}-error` : undefined}
        value={value}
        onInput={(e) => set((e.currentTarget as HTMLInputElement).value)}
      />
    </div>
  );

  return (
    <>
      <h1>查询反馈</h1>
      <ErrorSummary errors={errors} version={version} />
      <form
        method="post"
        action="/track"
        onSubmit={(e) => {
          e.preventDefault();
          if (!looking) void look(ref, code);
        }}
      >
        {input('ref', '反馈编号', ref, setRef)}
        {input('code', '查询码', code, setCode)}
        <button type="submit" class="button primary" disabled={looking}>
          {looking ? trackMessages.looking : '查询'}
        </button>
      </form>
      <div aria-live="polite">
        {problem && (
          <div class="error-summary" role="alert" tabIndex={-1} id="problem">
            <p>
              <strong>{problem.message}</strong>
            </p>
            {problem.detail && <p>{problem.detail}</p>}
            {problem.help && <OfficePhones lead={trackMessages.forgotCode} forRef={ref} contacts={initial.contacts} />}
          </div>
        )}
        {result && (
          // The server's rating step and notice belong to the feedback it answered about, not to one looked up since.
          <ResultSlot f={result} code={code} state={initial.result && result.ref === initial.result.ref ? initial : { contacts: initial.contacts }} onRated={setResult} />
        )}
      </div>
      {/* Shown with a result too: a look-up kept from earlier in this tab must not hide the list. */}
      {mine.length > 0 && (
        <section aria-labelledby="mine-title">
          <h2 id="mine-title">本机提交过的反馈</h2>
          <ul class="list">
            {mine.map((m) => (
              <li key={m.ref}>
                <a
                  href={`/track#ref=${encodeURIComponent(m.ref)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    setRef(m.ref);
                    setCode(m.queryCode);
                    void look(m.ref, m.queryCode);
                  }}
                >
                  {m.ref}
                </a>{' '}
                <time class="meta">{instantDate(m.at)}</time>
                {/* What it was about: two references alike at a glance are told apart by their items. */}
                {m.about && <div>{m.about}</div>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

export default function TrackRoute(data: Extract<PageData, { page: 'track' }>) {
  return <TrackPage initial={data.track ?? { contacts: [] }} />;
}
