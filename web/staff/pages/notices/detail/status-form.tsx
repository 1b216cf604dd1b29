/**
 * A change of an item's status as work goes on (持续整改 → 已完成整改): the new
 * status, the day it took effect and a note, all shown to the public under the
 * item. Audited; the notice keeps its original wording as published.
 */
import { useState } from 'preact/hooks';
import { STATUS_NOTE_MAX } from '../../../../../worker/notice/lifecycle';
import { noticeFieldMessages } from '../../../../../worker/staff/notice-messages';
import { ErrorSummary } from '../../../components/error-summary';
import { Select, SubmitButton, TextArea, TextInput } from '../../../components/fields';
import { today } from '../../../lib/format';
import { noticeApi } from '../../../lib/notice-api';
import { useForm } from '../../../lib/use-form';
import { useAnnounce } from '../../../state/announcer';
import { STATUS_OPTIONS, type ItemProps } from './item-props';

export function StatusForm({ notice, item, onChanged, onStale }: ItemProps) {
  const form = useForm(`item-${item.id}-status`);
  const announce = useAnnounce();
  const [status, setStatus] = useState('');
  const [changedOn, setChangedOn] = useState(today());
  const [note, setNote] = useState('');

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!status) return form.show([{ field: 'status', message: noticeFieldMessages.status.required }]);
    const done = await form.submit(async () => {
      const r = await noticeApi.changeStatus(notice, item.id, { status: status as typeof item.status, changedOn: changedOn || undefined, note });
      if (!r.ok && r.error.code === 'stale') onStale();
      return r;
    });
    if (!done) return;
    setStatus('');
    setNote('');
    announce(`事项 ${item.fullLabel} 的状态已改为“${STATUS_OPTIONS.find((o) => o.value === status)?.label}”，通报页面该事项下方已显示这次变化`);
    onChanged(done);
  };

  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary form={form} />
      <Select
        form={form}
        name="status"
        label="改为"
        value={status}
        options={[{ value: '', label: '请选择' }, ...STATUS_OPTIONS.filter((o) => o.value !== item.status)]}
        onChange={setStatus}
      />
      <TextInput form={form} name="changedOn" label="变更日期" hint="默认今天；不能晚于今天，也不能早于上一次变更" type="date" max={today()} width="medium" value={changedOn} onInput={setChangedOn} />
      <TextArea
        form={form}
        name="note"
        label="变更说明"
        hint={
          <>
            公开显示在<a href={`/n/${notice.slug}#item-${item.id}`} target="_blank" rel="noopener">通报页面该事项下方<span class="visually-hidden">（新窗口）</span></a>，最多 {STATUS_NOTE_MAX} 字
          </>
        }
        value={note}
        onInput={setNote}
        rows={3}
      />
      <SubmitButton form={form}>记录状态变更</SubmitButton>
    </form>
  );
}
