/**
 * Manual entry of feedback that came by phone, post, e-mail or in person, on the
 * day it came (deadlines count from it), at the time of day if known: a letter
 * has none, and none is made up. When the day makes a deadline already passed,
 * the form says so before saving. The member of staff records that the person
 * consented to their contact details being kept. The rules are the public
 * form's, checked by the server; its messages come back per field. Photos
 * (optional, entry-photos.tsx) are redrawn as they are chosen and uploaded once
 * the entry is stored.
 */
import { useState } from 'preact/hooks';
import { channelLabels, kindLabels } from '../../../../worker/feedback/labels';
import { CONTENT_MAX, FEEDBACK_KINDS, charCount } from '../../../../worker/feedback/rules';
import { ErrorSummary } from '../../components/error-summary';
import { Checkbox, DateInput, normaliseTime, Radios, Select, SubmitButton, TextArea, TextInput } from '../../components/fields';
import { Page } from '../../components/page';
import { today } from '../../lib/format';
import { staffApi, type ManualEntryInput, type ManualReceipt } from '../../lib/staff-api';
import { useForm } from '../../lib/use-form';
import { itemGroups, itemLabelOf, useNoticeView, useNotices } from '../../lib/use-notices';
import { PhotoField, usePhotoPicker } from '../../components/photos/picker';
import { photoAlt } from '../../lib/photos';
import { useSession } from '../../state/session';
import { DeadlineWarning, deadlinesFrom, passedBeforeSaving } from './deadline-warning';
import { EntryPhotos, sendEntryPhotos } from './entry-photos';
import './new-feedback.css';
import { Receipt } from './receipt';

const CHANNELS = ['phone', 'post', 'email', 'in_person'] as const;

interface Draft {
  channel: string;
  receivedAt: string;
  receivedTime: string;
  noticeSlug: string;
  itemId: string;
  kind: string;
  content: string;
  anonymous: boolean;
  name: string;
  phone: string;
  email: string;
  consent: boolean;
}

const empty = (): Draft => ({ channel: '', receivedAt: today(), receivedTime: '', noticeSlug: '', itemId: '', kind: '', content: '', anonymous: false, name: '', phone: '', email: '', consent: false });

function toInput(d: Draft, slug: string): ManualEntryInput {
  const t = (s: string) => (d.anonymous || s.trim() === '' ? null : s.trim());
  return {
    channel: d.channel, receivedAt: d.receivedAt, receivedTime: d.receivedTime.trim() === '' ? null : d.receivedTime.trim(), noticeSlug: slug, itemId: d.itemId ? Number(d.itemId) : null, kind: d.kind,
    content: d.content, anonymous: d.anonymous, name: t(d.name), phone: t(d.phone), email: t(d.email), consent: !d.anonymous && d.consent,
  };
}

/** The current time of day in Asia/Shanghai, HH:MM. */
function nowTime(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(11, 16);
}

export function NewFeedbackPage() {
  const form = useForm('new');
  const [d, setD] = useState<Draft>(empty);
  const [receipt, setReceipt] = useState<ManualReceipt | null>(null);
  const notices = useNotices();
  const slug = d.noticeSlug || notices[0]?.slug || '';
  const notice = useNoticeView(slug);
  const groups = notice ? itemGroups(notice) : [];
  const itemLabel = itemLabelOf(notice, d.itemId ? Number(d.itemId) : null);
  const picker = usePhotoPicker();
  const photoForm = useForm('entry-photos');
  const [uploaded, setUploaded] = useState(0);
  const set = <K extends keyof Draft>(k: K) => (v: Draft[K]) => setD((old) => ({ ...old, [k]: v, ...(k === 'noticeSlug' ? { itemId: '' } : {}) }));
  const session = useSession().state;
  const deadlines = session.is === 'signed-in' ? deadlinesFrom(d.receivedAt.trim(), session) : null;
  const warning = deadlines ? passedBeforeSaving(deadlines, today()) : [];

  const submit = async (e: Event) => {
    e.preventDefault();
    // Photos still being redrawn, or unreadable, hold the entry back: nothing is stored half.
    const blocked = picker.blocked();
    if (blocked) return form.show([{ field: 'photos', message: blocked }]);
    const done = await form.submit(() => staffApi.enter(toInput(d, slug)));
    if (!done) return;
    setReceipt(done);
    setUploaded(0);
    if (picker.chosen.length > 0) setUploaded(await sendEntryPhotos(photoForm, picker, done.id));
  };

  if (receipt) {
    return (
      <Page title="录入成功">
        <Receipt
          receipt={receipt}
          unreachable={d.anonymous && d.channel === 'post'}
          onAnother={() => {
            setReceipt(null);
            setD(empty());
            picker.clear();
            photoForm.show([]);
          }}
        >
          <EntryPhotos id={receipt.id} form={photoForm} picker={picker} uploaded={uploaded} itemLabel={itemLabel} onUploaded={(n) => setUploaded((u) => u + n)} />
        </Receipt>
      </Page>
    );
  }

  const count = charCount(d.content.trim());
  return (
    <Page title="录入反馈">
      <p class="lead">录入通过电话、信件、电子邮件或来访收到的反馈。办理期限从收到之日起计算。</p>
      <form onSubmit={submit} noValidate class="narrow-form">
        <ErrorSummary form={form} />
        <Radios form={form} name="channel" legend="收到渠道" value={d.channel} options={CHANNELS.map((c) => ({ value: c, label: channelLabels[c] }))} onChange={set('channel')} inline />
        <div class="received-when">
          <DateInput form={form} name="receivedAt" label="收到日期" hint="今天或一年内的日期" value={d.receivedAt} onInput={set('receivedAt')} />
          <TextInput
            form={form}
            name="receivedTime"
            label="收到时间（选填）"
            hint="24 小时制，如 14:30。不清楚可以留空，只记日期"
            inputMode="numeric"
            placeholder="例如 14:30"
            width="short"
            value={d.receivedTime}
            onInput={set('receivedTime')}
            onCommit={(v) => set('receivedTime')(normaliseTime(v))}
          />
          <button type="button" class="link-button" onClick={() => setD((old) => ({ ...old, receivedAt: today(), receivedTime: nowTime() }))}>
            填入现在的日期和时间
          </button>
        </div>
        <div role="status" aria-live="polite">
          <DeadlineWarning lines={warning} id="new-deadline-warning" />
        </div>
        {notices.length > 1 && (
          <Select form={form} name="noticeSlug" label="通报" value={slug} options={notices.map((n) => ({ value: n.slug, label: n.title }))} onChange={set('noticeSlug')} />
        )}
        <Select form={form} name="itemId" label="反映的是哪一项" value={d.itemId} options={[{ value: '', label: '整份通报' }]} groups={groups} onChange={set('itemId')} />
        <Radios form={form} name="kind" legend="反馈类型" value={d.kind} options={FEEDBACK_KINDS.map((k) => ({ value: k, label: kindLabels[k] }))} onChange={set('kind')} inline />
        <TextArea form={form} name="content" label="反馈内容" hint={`按反映人的原意记录。已输入 ${count} 字，最多 ${CONTENT_MAX} 字`} value={d.content} onInput={set('content')} rows={7} />
        <PhotoField form={form} picker={picker} hint="照片在反馈录入后上传，反映人凭查询码也能看到。" alt={(n) => photoAlt(itemLabel, n)} />
        <Checkbox form={form} name="anonymous" label="反映人要求匿名（不记录姓名和联系方式）" checked={d.anonymous} onChange={set('anonymous')} />
        {!d.anonymous && (
          <fieldset class="field">
            <legend>反映人的联系方式（选填）</legend>
            <TextInput form={form} name="name" label="姓名" value={d.name} onInput={set('name')} />
            <TextInput form={form} name="phone" label="电话" type="tel" inputMode="tel" value={d.phone} onInput={set('phone')} width="medium" />
            <TextInput form={form} name="email" label="电子邮箱" type="email" inputMode="email" value={d.email} onInput={set('email')} />
            <Checkbox
              form={form}
              name="consent"
              label="已向反映人说明个人信息处理规则，并征得其同意保存联系方式"
              hint="联系方式只用于核实情况和答复反映人，办结后保存三年。留下联系方式时必须勾选。"
              checked={d.consent}
              onChange={set('consent')}
            />
          </fieldset>
        )}
        <SubmitButton form={form}>录入</SubmitButton>
      </form>
    </Page>
  );
}
