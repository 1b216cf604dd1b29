import type { PageData } from '../page-data';
import { useEffect, useState } from 'preact/hooks';
import type { NoticeView } from '../../../worker/db/notices';
import type { Receipt } from '../../../worker/feedback/submit';
import { kindLabels } from '../../../worker/feedback/labels';
import { CONTENT_MAX, FEEDBACK_KINDS, charCount, feedbackFieldFailures } from '../../../worker/feedback/rules';
import { ruleMessage } from '../../../worker/messages';
import { ErrorSummary, type FormError } from '../components/error-summary';
import type { FeedbackBody } from '../lib/api';
import { loadDraft, saveDraft, type Draft } from '../lib/draft';
import { later, newKey, send, subscribe } from '../lib/outbox';
import { ContactFields, ContentField, HoneypotField, ItemField, KindField } from './feedback-fields';

const TITLE = '我要监督';

function emptyDraft(itemId: number | null): Draft {
  return { itemId, kind: 'opinion', content: '', anonymous: false, name: '', phone: '', email: '', consent: false };
}

function toBody(slug: string, d: Draft, website: string): FeedbackBody {
  const t = (s: string) => (d.anonymous || s.trim() === '' ? null : s.trim());
  return {
    noticeSlug: slug, itemId: d.itemId, kind: d.kind, content: d.content.trim(), anonymous: d.anonymous,
    name: t(d.name), phone: t(d.phone), email: t(d.email), consent: !d.anonymous && d.consent, website,
  };
}

/** `until`: the server asked this address to wait (429); without it, there was no connection. */
type Phase = { is: 'editing' } | { is: 'sending' } | { is: 'queued'; key: string; until?: number } | { is: 'sent'; receipt: Receipt; Panel: ReceiptView };

/** Solves the proof of work while the person reads and types, so that 提交 seldom waits for it. */
function prepareWhenIdle(): () => void {
  const prepare = () => void import('../lib/proof').then((proof) => proof.prepare(), () => undefined);
  if ('requestIdleCallback' in window) {
    const id = requestIdleCallback(prepare, { timeout: 2000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(prepare, 500);
  return () => clearTimeout(id);
}

type ReceiptView = (props: { receipt: Receipt }) => preact.VNode;

/** The receipt's code loads only when there is a receipt to show. */
async function sent(receipt: Receipt): Promise<Phase> {
  const { ReceiptPanel } = await import('../components/receipt');
  return { is: 'sent', receipt, Panel: ReceiptPanel };
}

export function FeedbackFormPage({ notice, itemId }: { notice: NoticeView; itemId: number | null }) {
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(itemId));
  const [errors, setErrors] = useState<FormError[]>([]);
  const [version, setVersion] = useState(0);
  const [phase, setPhase] = useState<Phase>({ is: 'editing' });

  // Restore after hydration, so the server's HTML and the first client render agree.
  useEffect(() => {
    const saved = loadDraft(notice.slug);
    if (saved && (saved.content || saved.name || saved.phone || saved.email)) {
      setDraft(itemId !== null && new URLSearchParams(location.search).has('item') ? { ...saved, itemId } : saved);
    }
    return prepareWhenIdle();
  }, []);

  useEffect(() => {
    if (phase.is !== 'queued') return;
    return subscribe((p, r) => {
      if (p.key === phase.key && r.ok) void sent(r.value).then(setPhase);
    });
  }, [phase]);

  useEffect(() => {
    document.title = `${errors.length ? '错误：' : ''}${phase.is === 'sent' ? '提交成功' : TITLE} - 整改监督`;
  }, [errors, phase]);

  const update = (patch: Partial<Draft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    saveDraft(notice.slug, next);
  };

  const showErrors = (list: FormError[]) => {
    setErrors(list);
    setVersion((v) => v + 1);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (phase.is === 'sending') return;
    const trap = (e.currentTarget as HTMLFormElement).elements.namedItem('website') as HTMLInputElement | null;
    const body = toBody(notice.slug, draft, trap?.value ?? '');
    const failures = feedbackFieldFailures(body);
    if (failures.length > 0) {
      showErrors(failures.map(([field, rule]) => ({ field, message: ruleMessage(rule) })));
      return;
    }
    setErrors([]);
    setPhase({ is: 'sending' });
    const key = newKey();
    const result = await send({ key, body, at: Date.now() });
    if (result.ok) {
      saveDraft(notice.slug, null);
      setPhase(await sent(result.value));
    } else if (result.retry) {
      saveDraft(notice.slug, null);
      setPhase({ is: 'queued', key, until: 'until' in result ? result.until : undefined });
    } else {
      setPhase({ is: 'editing' });
      const fields = result.error.fields ?? {};
      const list = Object.entries(fields).map(([field, message]) => ({ field, message }));
      showErrors(list.length ? list : [{ field: null, message: result.error.message }]);
    }
  };

  if (phase.is === 'sent') return <phase.Panel receipt={phase.receipt} />;
  if (phase.is === 'queued') {
    return (
      <section aria-labelledby="queued-title">
        <h1 id="queued-title">{phase.until ? '已保存，稍后自动提交' : '已保存，联网后自动提交'}</h1>
        <p role="status" aria-live="polite">
          {phase.until
            ? `您所在的网络近期提交的反馈较多，需要稍等。您的反馈已保存在本机，${later(phase.until)}自动提交，不会重复，无需重新填写。`
            : '现在连不上网络。您的反馈已保存在本机，联网后会自动提交，不会重复。'}
          请保持本页打开，或下次打开本网站时自动提交。
        </p>
      </section>
    );
  }

  const fieldErrors = Object.fromEntries(errors.filter((e) => e.field).map((e) => [e.field!, e.message]));
  return (
    <>
      <ErrorSummary errors={errors} version={version} />
      <h1>{TITLE}</h1>
      <p class="meta">{notice.title}</p>
      <form onSubmit={submit} noValidate>
        <ItemField notice={notice} value={draft.itemId} error={fieldErrors.itemId} onChange={(itemId) => update({ itemId })} />
        <KindField kinds={FEEDBACK_KINDS} labels={kindLabels} value={draft.kind} error={fieldErrors.kind} onChange={(kind) => update({ kind })} />
        <ContentField value={draft.content} max={CONTENT_MAX} count={charCount(draft.content.trim())} error={fieldErrors.content} onChange={(content) => update({ content })} />
        <ContactFields draft={draft} errors={fieldErrors} issuer={notice.issuer} onChange={update} />
        <HoneypotField />
        <button type="submit" class="button primary" disabled={phase.is === 'sending'}>
          {phase.is === 'sending' ? '正在提交…' : '提交'}
        </button>
      </form>
    </>
  );
}

export default function FeedbackRoute(data: Extract<PageData, { page: 'feedback' }>) {
  return <FeedbackFormPage notice={data.notice} itemId={data.itemId} />;
}
