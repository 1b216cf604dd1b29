/**
 * The changes of state a notice may take now, each confirmed first: the admin
 * reads what the public will see afterwards (and, when feedback stops, picks
 * the day) before anything changes.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { noticeStateLabels } from '../../../../worker/feedback/labels';
import { NEXT_STATES, type NoticeState } from '../../../../worker/notice/lifecycle';
import { ErrorSummary } from '../../components/error-summary';
import { SubmitButton, TextInput } from '../../components/fields';
import { today } from '../../lib/format';
import { noticeApi, type StaffNoticeDetail } from '../../lib/notice-api';
import { useForm } from '../../lib/use-form';
import { useAnnounce } from '../../state/announcer';
import { actionLabel, publicConsequences, stopsFeedback } from './state-texts';

export interface NoticeRead {
  slug: string;
  title: string;
  state: NoticeState;
  closedOn: string | null;
  updatedAt: number;
}

export function NoticeStateTag({ state }: { state: NoticeState }) {
  return <span class={`tag tag-notice-${state}`}>{noticeStateLabels[state]}</span>;
}

interface Props {
  notice: NoticeRead;
  onChanged: (d: StaffNoticeDetail) => void;
  /** Someone else changed the notice since it was read: read it again (the refusal stays on screen). */
  onStale: () => void;
}

export function StateActions({ notice, onChanged, onStale }: Props) {
  const [pending, setPending] = useState<NoticeState | null>(null);
  const targets = NEXT_STATES[notice.state];
  if (pending) {
    const changed = (d: StaffNoticeDetail) => {
      setPending(null);
      onChanged(d);
    };
    return <ConfirmChange notice={notice} to={pending} onCancel={() => setPending(null)} onChanged={changed} onStale={onStale} />;
  }
  return (
    <div class="actions">
      {targets.map((to) => (
        <button key={to} type="button" class="button secondary" onClick={() => setPending(to)}>
          {actionLabel(notice.state, to)}
          <span class="visually-hidden">：{notice.title}</span>
        </button>
      ))}
    </div>
  );
}

function ConfirmChange({ notice, to, onCancel, onChanged, onStale }: Omit<Props, 'notice'> & { notice: NoticeRead; to: NoticeState; onCancel: () => void }) {
  const form = useForm(`state-${notice.slug}`);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const announce = useAnnounce();
  const stops = stopsFeedback(notice.state, to);
  const [closedOn, setClosedOn] = useState(today());
  const label = actionLabel(notice.state, to);
  const titleId = `${form.name}-title`;
  const submit = async (e: Event) => {
    e.preventDefault();
    const done = await form.submit(async () => {
      const r = await noticeApi.changeState(notice, to, stops ? closedOn : undefined);
      if (!r.ok && r.error.code === 'stale') onStale();
      return r;
    });
    if (!done) return;
    announce(`“${notice.title}”已改为“${noticeStateLabels[done.state]}”`);
    onChanged(done);
  };
  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby={titleId}>
      <h3 id={titleId} tabIndex={-1} ref={heading}>
        {label}：{notice.title}
      </h3>
      <ErrorSummary form={form} />
      <p>确认后，公众会看到：</p>
      <ul class="plain-list">
        {publicConsequences(notice.state, to, stops ? closedOn || today() : notice.closedOn).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {stops && (
        <TextInput form={form} name="closedOn" label="停止接收反馈的日期" hint="默认今天；不能晚于今天" type="date" max={today()} width="medium" value={closedOn} onInput={setClosedOn} />
      )}
      <div class="actions">
        <SubmitButton form={form}>确认{label}</SubmitButton>
        <button type="button" class="button secondary" onClick={onCancel}>
          取消
        </button>
      </div>
    </form>
  );
}
