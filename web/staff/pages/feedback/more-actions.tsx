/**
 * The department doing the work, and the one extension of the reply period.
 */
import { useEffect, useState } from 'preact/hooks';
import { REASON_MAX } from '../../../../worker/staff/workflow';
import { ErrorSummary } from '../../components/error-summary';
import { Select, SubmitButton, TextArea, TextInput } from '../../components/fields';
import { staffApi, type Department, type FeedbackDetail } from '../../lib/staff-api';
import { useForm } from '../../lib/use-form';
import { useAnnounce } from '../../state/announcer';
import { useSession } from '../../state/session';

type Props = { f: FeedbackDetail; onDone: (f: FeedbackDetail) => void };

export function AssignmentForm({ f, departments, onDone }: Props & { departments: Department[] }) {
  const form = useForm('assign');
  const announce = useAnnounce();
  const current = f.department ? String(f.department.id) : '';
  const [departmentId, setDepartmentId] = useState(current);
  useEffect(() => setDepartmentId(current), [current]);
  if (!f.allowedActions.assign) return null;
  const submit = async (e: Event) => {
    e.preventDefault();
    const done = await form.submit(() => staffApi.assign(f, departmentId ? Number(departmentId) : null));
    if (!done) return;
    announce(done.department ? `承办部门已改为${done.department.name}` : '已取消承办部门');
    onDone(done);
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="assign-title">
      <h3 id="assign-title">承办部门</h3>
      <ErrorSummary form={form} />
      <Select
        form={form}
        name="departmentId"
        label="交给哪个部门办理"
        hint="只在工作台内可见；办理中的反馈必须有承办部门"
        value={departmentId}
        options={[{ value: '', label: '未指定' }, ...departments.map((d) => ({ value: String(d.id), label: d.name }))]}
        onChange={setDepartmentId}
      />
      <SubmitButton form={form} secondary>
        保存承办部门
      </SubmitButton>
    </form>
  );
}

export function ExtensionForm({ f, onDone }: Props) {
  const form = useForm('extend');
  const session = useSession().state;
  const maxDays = session.is === 'signed-in' ? session.maxExtensionDays : null;
  const announce = useAnnounce();
  const [days, setDays] = useState('');
  const [reason, setReason] = useState('');
  if (!f.allowedActions.extend) return null;
  const submit = async (e: Event) => {
    e.preventDefault();
    const n = days.trim() === '' ? null : Number(days.trim());
    const done = await form.submit(() => staffApi.extend(f, n as number, reason));
    if (!done) return;
    announce(`已延期 ${done.extension?.days ?? n} 天`);
    onDone(done);
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="extend-title">
      <h3 id="extend-title">延长答复期限</h3>
      <p class="hint">按规定只能延期一次，延期天数和理由将告知反映人。</p>
      <ErrorSummary form={form} />
      <TextInput form={form} name="days" label="延期天数" hint={maxDays ? `1 至 ${maxDays} 天` : undefined} type="text" inputMode="numeric" width="short" value={days} onInput={setDays} />
      <TextArea form={form} name="reason" label="延期理由" hint={`最多 ${REASON_MAX} 字`} value={reason} onInput={setReason} rows={3} />
      <SubmitButton form={form} secondary>
        延期
      </SubmitButton>
    </form>
  );
}
