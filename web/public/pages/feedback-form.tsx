/**
 * The feedback form. Without scripts it is a plain POST to /n/:slug/feedback, which
 * the server checks with the API's rules and answers with the receipt or with the form
 * again (routes/feedback-form.ts). With scripts it is checked here first and sent
 * through the outbox with a proof of work, kept on the phone when there is no
 * connection (pages/feedback-send.tsx, loaded once the form is on screen).
 */
import type { FeedbackFormData, FormNotice, PageData, SentFeedback } from '../page-data';
import { useEffect, useState } from 'preact/hooks';
import { kindLabels } from '../../../worker/feedback/labels';
import { CONTENT_MAX, FEEDBACK_KINDS, charCount } from '../../../worker/feedback/field-limits';
import { ErrorSummary, type FormError } from '../components/error-summary';
import { loadDraft, saveDraft, type Draft } from '../lib/draft';
import { headingOf, itemOf } from '../lib/notice-items';
import { markRead, sentOf, subscribe } from '../lib/outbox';
import { ChosenItem, ContactFields, ContentField, HoneypotField, ItemField, KindField, PhotoField } from './feedback-fields';
import type { ChosenPhoto } from '../components/photo-picker';

const TITLE = '我要监督';

type Sender = typeof import('./feedback-send');
type Picker = typeof import('../components/photo-picker');
/** Set once the sending code has arrived; until then 提交 sends the form without scripts. */
let sender: Sender | null = null;

/** `until`: the server asked this address to wait (429); without it, there was no connection. `unread`: sent from the queue, so it waits for 我已记下. */
type Phase = { is: 'editing' } | { is: 'sending' } | { is: 'queued'; key: string; until?: number; photosLost?: boolean } | { is: 'sent'; sent: SentFeedback; unread?: boolean };

/** The receipt kept in this history entry, so that back, forward and reload show it again (never in the URL). */
const keptReceipt = (slug: string) => {
  const sent = ((history.state || {}) as { sent?: SentFeedback }).sent;
  return sent && sent.notice.slug === slug ? sent : null;
};

export function FeedbackFormPage({ notice, itemId, form }: { notice: FormNotice; itemId: number | null; form: FeedbackFormData }) {
  const [draft, setDraft] = useState<Draft>(() => form.values || { itemId, kind: '', content: '', anonymous: false, name: '', phone: '', email: '', consent: false });
  const [errors, setErrors] = useState<FormError[]>(form.errors || []);
  const [version, setVersion] = useState(0);
  const [phase, setPhase] = useState<Phase>({ is: 'editing' });
  // False until a script runs: the server's HTML then hides nothing that only a script could show again.
  const [live, setLive] = useState(false);
  // The photo code, once someone has chosen a photo, and the photos it holds.
  const [picker, setPicker] = useState<Picker | null>(null);
  const [photos, setPhotos] = useState<ChosenPhoto[]>([]);
  // A draft came back without the contact details it never keeps (lib/draft.ts): say so, unless it was 匿名.
  const [contactsDropped, setContactsDropped] = useState(false);

  // Restore after hydration, so the server's HTML and the first client render agree.
  useEffect(() => {
    setLive(true);
    let stop = () => {};
    void import('./feedback-send').then((m) => {
      sender = m;
      const kept = keptReceipt(notice.slug);
      if (kept) setPhase({ is: 'sent', sent: kept });
      else stop = m.prepareWhenIdle();
    }, () => undefined);
    const saved = form.values ? null : loadDraft(notice.slug);
    if (saved && saved.content) {
      setDraft(itemId !== null && new URLSearchParams(location.search).has('item') ? { ...saved, itemId } : saved);
      setContactsDropped(!saved.anonymous);
    }
    return () => stop();
  }, []);

  useEffect(() => {
    if (phase.is !== 'queued') return;
    return subscribe((p, r) => {
      if (p.key === phase.key && r.ok) setPhase({ is: 'sent', sent: sentOf(p, r.value), unread: true });
    });
  }, [phase]);

  useEffect(() => {
    document.title = `${errors.length && phase.is === 'editing' ? '错误：' : ''}${phase.is === 'sent' ? '提交成功' : TITLE} - 整改监督`;
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
    const s = sender;
    if (!s) return; // the browser sends the form itself, as without scripts
    e.preventDefault();
    if (phase.is === 'sending') return;
    const trap = (e.currentTarget as HTMLFormElement).elements.namedItem('website') as HTMLInputElement | null;
    const body = s.toBody(notice.slug, draft, trap ? trap.value : '');
    const list = s.problems(body);
    if (list.length > 0) return showErrors(list);
    setErrors([]);
    setPhase({ is: 'sending' });
    const outcome = await s.sendFeedback(notice, body, picker ? await picker.photoBlobs(photos) : []);
    if (outcome.is === 'refused') {
      setPhase({ is: 'editing' });
      return showErrors(outcome.errors);
    }
    saveDraft(notice.slug, null);
    picker?.clearPhotos();
    setPhase(outcome);
  };

  if (sender && phase.is === 'sent') {
    const { sent, unread } = phase;
    return <sender.ReceiptPanel sent={sent} onDismiss={unread ? () => markRead(sent.receipt.ref) : undefined} />;
  }
  if (sender && phase.is === 'queued') return <sender.Queued {...phase} />;

  const fieldErrors = Object.fromEntries(errors.filter((e) => e.field).map((e) => [e.field!, e.message]));
  return (
    <>
      <ErrorSummary errors={errors} version={version} />
      <h1>{TITLE}</h1>
      <p class="meta">{notice.title}</p>
      <form method="post" action={`/n/${notice.slug}/feedback`} onSubmit={submit} noValidate>
        <input type="hidden" name="idempotencyKey" value={form.key} />
        <ItemField notice={notice} value={draft.itemId} error={fieldErrors.itemId} onChange={(itemId) => update({ itemId })} />
        <KindField kinds={FEEDBACK_KINDS} labels={kindLabels} value={draft.kind} error={fieldErrors.kind} onChange={(kind) => update({ kind })} />
        <ChosenItem heading={headingOf(notice, draft.itemId)} />
        <ContentField value={draft.content} max={CONTENT_MAX} count={charCount(draft.content.trim())} error={fieldErrors.content} onChange={(content) => update({ content })} />
        {live && (
          <PhotoField error={fieldErrors.photos} onChoose={(files) => void import('../components/photo-picker').then((m) => (setPicker(() => m), m.addPhotos(files, setPhotos)))}>
            {picker && <picker.PhotoList photos={photos} itemLabel={itemOf(notice, draft.itemId)?.fullLabel} />}
          </PhotoField>
        )}
        {contactsDropped && <p class="hint">姓名、电话和邮箱不在本机保存，如需答复，请重新填写。</p>}
        <ContactFields draft={draft} errors={fieldErrors} issuer={notice.issuer} all={!live} onChange={update} />
        <HoneypotField />
        <button type="submit" class="button primary" disabled={phase.is === 'sending'}>
          {phase.is === 'sending' ? '正在提交…' : '提交'}
        </button>
      </form>
    </>
  );
}

export default function FeedbackRoute(data: Extract<PageData, { page: 'feedback' }>) {
  return <FeedbackFormPage notice={data.notice} itemId={data.itemId} form={data.form} />;
}
