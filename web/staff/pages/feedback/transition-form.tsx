/**
 * Changing the status: only the steps this user may take now (the server says
 * which), each with the input it needs revealed under its choice: a reason to
 * decline or reopen, the feedback it repeats (chosen from the likely duplicates,
 * or typed), the department to do it, the reply. A reply is checked before it is
 * sent: 预览答复 shows what the submitter will see (public-preview.tsx), and only
 * 确认发送 sends it. Refusals come back GOV.UK style: 409 as a message, 422 per
 * field.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { statusLabels } from '../../../../worker/feedback/labels';
import { charCount } from '../../../../worker/feedback/rules';
import { staffFieldMessages } from '../../../../worker/staff/messages';
import { isReopen, REASON_MAX, REPLY_MAX, type FeedbackStatus } from '../../../../worker/staff/workflow';
import { ErrorSummary } from '../../components/error-summary';
import { Radios, SubmitButton, TextArea } from '../../components/fields';
import type { Result } from '../../lib/api';
import { transitionLabel } from '../../lib/labels';
import { staffApi, type Department, type FeedbackDetail, type TransitionInput } from '../../lib/staff-api';
import { useForm } from '../../lib/use-form';
import { DEPARTMENT_PUBLIC_HINT, DepartmentSelect } from './department';
import { DuplicateChoice, duplicateRef, OTHER, useSimilar, type DuplicateInput } from './duplicate-choice';
import { afterReply, PublicPreview } from './public-preview';
import { ReplyFields } from './reply-fields';

const NO_DUPLICATE: DuplicateInput = { choice: '', typed: '' };

/** The reply's own rules, checked before the preview (the server checks them again). */
function replyProblem(reply: string): string | null {
  if (reply.trim() === '') return staffFieldMessages.reply.required;
  if (charCount(reply.trim()) > REPLY_MAX) return staffFieldMessages.reply.tooLong;
  return null;
}

export function TransitionForm({ f, departments, onChoose, onDone }: {
  f: FeedbackDetail;
  departments: Department[];
  /** Tells the page which step is chosen (it hides its own department form while 办理中 is). */
  onChoose: (to: string) => void;
  onDone: (f: FeedbackDetail, message: string) => void;
}) {
  const form = useForm('transition');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [duplicate, setDuplicate] = useState<DuplicateInput>(NO_DUPLICATE);
  const current = f.department ? String(f.department.id) : '';
  const [departmentId, setDepartmentId] = useState(current);
  useEffect(() => setDepartmentId(current), [current]);
  const [reply, setReply] = useState('');
  const [previewing, setPreviewing] = useState<number | null>(null);
  const previewHeading = useRef<HTMLHeadingElement>(null);
  const similar = useSimilar(f, to === 'duplicate');
  const offered = (similar.data?.similar.length ?? 0) > 0;

  useEffect(() => onChoose(to), [to]);
  // The check step takes the focus; going back to edit gives it to the reply.
  useEffect(() => {
    if (previewing !== null) previewHeading.current?.focus();
  }, [previewing]);
  // A refusal about a field sends the clerk back to it.
  useEffect(() => {
    if (previewing !== null && form.errors.some((e) => e.field)) setPreviewing(null);
  }, [form.version]);

  const transitions = f.allowedActions.transitions;
  if (transitions.length === 0) return null;
  const choose = (t: string) => {
    setTo(t);
    form.show([]);
  };

  const send = async (input: TransitionInput) => {
    const typing = input.to === 'duplicate' && offered && duplicate.choice === OTHER;
    const done = await form.submit(async (): Promise<Result<FeedbackDetail>> => {
      const r = await staffApi.transition(f, input);
      // A typed reference is refused at its own box.
      if (!r.ok && typing && r.error.fields?.duplicateOf) return { ...r, error: { ...r.error, fields: { duplicateRef: r.error.fields.duplicateOf } } };
      return r;
    });
    if (!done) return;
    setTo('');
    setReason('');
    setDuplicate(NO_DUPLICATE);
    setReply('');
    setPreviewing(null);
    onDone(done, done.status === 'replied' ? '已答复，反映人现在可以在查询页面看到答复' : `已改为“${statusLabels[done.status]}”`);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!to) return form.show([{ field: 'to', message: staffFieldMessages.to.required }]);
    const target = to as FeedbackStatus;
    if (target === 'replied') {
      const problem = replyProblem(reply);
      if (problem) return form.show([{ field: 'reply', message: problem }]);
      if (previewing === null) {
        form.show([]);
        return setPreviewing(Date.now());
      }
      return send({ to: target, reply });
    }
    if (target === 'duplicate' && offered && !duplicate.choice) return form.show([{ field: 'duplicateOf', message: staffFieldMessages.duplicateOf.required }]);
    const input: TransitionInput = { to: target };
    if (target === 'declined' || isReopen(f.status, target)) input.reason = reason;
    if (target === 'duplicate') input.duplicateOf = duplicateRef(duplicate, offered);
    if (target === 'in_progress' && departmentId) input.departmentId = Number(departmentId);
    return send(input);
  };

  if (previewing !== null) {
    return (
      <form onSubmit={submit} noValidate aria-labelledby="transition-check-title" class="reply-check">
        <h3 id="transition-check-title" tabIndex={-1} ref={previewHeading}>
          核对答复
        </h3>
        <ErrorSummary form={form} />
        <p>答复发送后会立即公开。反映人凭编号和查询码，会在查询页面看到：</p>
        <PublicPreview view={afterReply(f, reply.trim(), previewing)} headingId="reply-preview-title" />
        <div class="actions">
          <SubmitButton form={form}>确认发送</SubmitButton>
          <button
            type="button"
            class="button secondary"
            onClick={() => {
              setPreviewing(null);
              setTimeout(() => document.getElementById(form.id('reply'))?.focus(), 0);
            }}
          >
            返回修改
          </button>
        </div>
      </form>
    );
  }

  const needs = (target: string) => {
    const t = target as FeedbackStatus;
    if (t === 'declined' || isReopen(f.status, t)) {
      return <TextArea form={form} name="reason" label="理由" hint={`将告知反映人，最多 ${REASON_MAX} 字`} value={reason} onInput={setReason} rows={3} />;
    }
    if (t === 'duplicate') return <DuplicateChoice form={form} similar={similar} value={duplicate} onChange={setDuplicate} />;
    if (t === 'in_progress') {
      // A department's handler starts the work in their own department; whoever may assign chooses one here.
      return f.allowedActions.assign || !f.department ? (
        <DepartmentSelect form={form} label="承办部门" value={departmentId} departments={departments} none="请选择" onChange={setDepartmentId} />
      ) : (
        <p>
          承办部门：{f.department.name}
          <span class="hint">（{DEPARTMENT_PUBLIC_HINT}）</span>
        </p>
      );
    }
    if (t === 'replied') return <ReplyFields form={form} reply={reply} onReply={setReply} />;
    return null;
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="transition-title">
      <h3 id="transition-title">更改状态</h3>
      <ErrorSummary form={form} />
      <Radios
        form={form}
        name="to"
        legend={<>现在是“{statusLabels[f.status]}”，改为</>}
        value={to}
        options={transitions.map((t) => ({ value: t, label: transitionLabel(f.status, t) }))}
        onChange={choose}
        reveal={needs}
      />
      <SubmitButton form={form}>{to === 'replied' ? '预览答复' : '确认更改'}</SubmitButton>
    </form>
  );
}
