/**
 * Changing the status: only the steps this user may take now (the server says
 * which), each with the input it needs revealed under its choice: a reason to
 * decline or reopen, the reference it repeats, the department to do it, the
 * reply. Refusals come back GOV.UK style: 409 as a message, 422 per field.
 */
import { useEffect, useState } from 'preact/hooks';
import { statusLabels } from '../../../../worker/feedback/labels';
import { staffFieldMessages } from '../../../../worker/staff/messages';
import { isReopen, REASON_MAX, REPLY_MAX, type FeedbackStatus } from '../../../../worker/staff/workflow';
import { ErrorSummary } from '../../components/error-summary';
import { Radios, Select, SubmitButton, TextArea, TextInput } from '../../components/fields';
import { transitionLabel } from '../../lib/labels';
import { staffApi, type Department, type FeedbackDetail, type TransitionInput } from '../../lib/staff-api';
import { useForm } from '../../lib/use-form';
import { useAnnounce } from '../../state/announcer';

export function TransitionForm({ f, departments, onDone }: { f: FeedbackDetail; departments: Department[]; onDone: (f: FeedbackDetail) => void }) {
  const form = useForm('transition');
  const announce = useAnnounce();
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [duplicateOf, setDuplicateOf] = useState('');
  const current = f.department ? String(f.department.id) : '';
  const [departmentId, setDepartmentId] = useState(current);
  useEffect(() => setDepartmentId(current), [current]);
  const [reply, setReply] = useState('');
  const transitions = f.allowedActions.transitions;
  if (transitions.length === 0) return null;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!to) return form.show([{ field: 'to', message: staffFieldMessages.to.required }]);
    const target = to as FeedbackStatus;
    const input: TransitionInput = { to: target };
    if (target === 'declined' || isReopen(f.status, target)) input.reason = reason;
    if (target === 'duplicate') input.duplicateOf = duplicateOf;
    if (target === 'in_progress' && departmentId) input.departmentId = Number(departmentId);
    if (target === 'replied') input.reply = reply;
    const done = await form.submit(() => staffApi.transition(f, input));
    if (!done) return;
    setTo('');
    setReason('');
    setDuplicateOf('');
    setReply('');
    announce(`已改为“${statusLabels[done.status]}”`);
    onDone(done);
  };

  const needs = (target: string) => {
    const t = target as FeedbackStatus;
    if (t === 'declined' || isReopen(f.status, t)) {
      return <TextArea form={form} name="reason" label="理由" hint={`将告知反映人，最多 ${REASON_MAX} 字`} value={reason} onInput={setReason} rows={3} />;
    }
    if (t === 'duplicate') {
      return <TextInput form={form} name="duplicateOf" label="与哪条反馈重复" hint="填写那条反馈的编号，如 DX-2611-7K3Q。反映人会看到这个编号" value={duplicateOf} onInput={setDuplicateOf} width="medium" />;
    }
    if (t === 'in_progress') {
      return (
        <Select
          form={form}
          name="departmentId"
          label="承办部门"
          hint="部门名称将告知反映人"
          value={departmentId}
          options={[{ value: '', label: '请选择' }, ...departments.map((d) => ({ value: String(d.id), label: d.name }))]}
          onChange={setDepartmentId}
        />
      );
    }
    if (t === 'replied') {
      return <TextArea form={form} name="reply" label="答复内容" hint={`答复将公开给反映人，最多 ${REPLY_MAX} 字`} value={reply} onInput={setReply} rows={8} />;
    }
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
        onChange={setTo}
        reveal={needs}
      />
      <SubmitButton form={form}>确认更改</SubmitButton>
    </form>
  );
}
