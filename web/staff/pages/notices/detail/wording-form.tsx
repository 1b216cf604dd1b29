/**
 * Corrects an item's wording and numbering: number, title, text, measures and
 * the status line as written. While the notice is a draft, its status too (a
 * correction, not a change over time). Audited with before and after; the
 * notice's verbatim text stays as published.
 */
import { useState } from 'preact/hooks';
import { ITEM_LABEL_MAX, ITEM_TITLE_MAX } from '../../../../../worker/notice/lifecycle';
import { ErrorSummary } from '../../../components/error-summary';
import { Select, SubmitButton, TextArea, TextInput } from '../../../components/fields';
import { noticeApi, type ItemChanges } from '../../../lib/notice-api';
import { useForm } from '../../../lib/use-form';
import { useAnnounce } from '../../../state/announcer';
import { changesOverTime, STATUS_OPTIONS, type ItemProps } from './item-props';

export function WordingForm({ notice, item, onChanged, onStale }: ItemProps) {
  const form = useForm(`item-${item.id}-wording`);
  const announce = useAnnounce();
  const [v, setV] = useState({ label: item.label, title: item.title, body: item.body, measures: item.measures, statusText: item.statusText ?? '', status: item.status as string });
  const set = (k: keyof typeof v) => (value: string) => setV({ ...v, [k]: value });
  const draft = !changesOverTime(notice.state);

  const submit = async (e: Event) => {
    e.preventDefault();
    const changes: ItemChanges = {
      label: v.label,
      title: v.title,
      body: v.body,
      measures: v.measures,
      // An item without a status line keeps none unless one is written.
      statusText: item.statusText === null && v.statusText.trim() === '' ? null : v.statusText,
      ...(draft ? { status: v.status as ItemChanges['status'] } : {}),
    };
    const done = await form.submit(async () => {
      const r = await noticeApi.editItem(notice, item.id, changes);
      if (!r.ok && r.error.code === 'stale') onStale();
      return r;
    });
    if (!done) return;
    announce(`事项 ${item.fullLabel} 的文字已保存`);
    onChanged(done);
  };

  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary form={form} />
      <TextInput form={form} name="label" label="编号" hint={`如 1.、（一）；最多 ${ITEM_LABEL_MAX} 字`} width="short" value={v.label} onInput={set('label')} />
      <TextInput form={form} name="title" label="事项标题" hint={`最多 ${ITEM_TITLE_MAX} 字`} value={v.title} onInput={set('title')} />
      <TextArea form={form} name="body" label="正文（选填）" value={v.body} onInput={set('body')} rows={3} />
      <TextArea form={form} name="measures" label="整改措施" value={v.measures} onInput={set('measures')} rows={5} />
      <TextArea form={form} name="statusText" label="整改落实情况（原文）" value={v.statusText} onInput={set('statusText')} rows={2} />
      {draft && <Select form={form} name="status" label="整改状态" hint="草稿中直接更正；发布后请用“变更状态”记录" value={v.status} options={STATUS_OPTIONS} onChange={set('status')} />}
      <p class="hint">修改会记入审计日志（修改前后的内容）；通报原文保持不变。</p>
      <SubmitButton form={form} secondary>
        保存文字
      </SubmitButton>
    </form>
  );
}
