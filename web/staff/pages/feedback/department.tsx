/**
 * The department doing the work (承办部门): one control, and one sentence about
 * who sees it, the same wherever a department is chosen. The submitter's tracking
 * page shows the department handling their feedback, so every hint says so.
 *
 * The 办理中 step needs a department too; while it is chosen, its own select is
 * the only department control on the screen (index.tsx hides this form), so the
 * two never disagree.
 */
import { useEffect, useState } from 'preact/hooks';
import { ErrorSummary } from '../../components/error-summary';
import { Select, SubmitButton } from '../../components/fields';
import { staffApi, type Department, type FeedbackDetail } from '../../lib/staff-api';
import { useForm, type Form } from '../../lib/use-form';

/** What every department control says about who sees the department. */
export const DEPARTMENT_PUBLIC_HINT = '承办部门会显示在反映人的查询页面上';

export function departmentOptions(departments: Department[], none: string) {
  return [{ value: '', label: none }, ...departments.map((d) => ({ value: String(d.id), label: d.name }))];
}

/** The department select, with the one hint; `extra` adds a rule of the step it serves. */
export function DepartmentSelect({ form, label, value, departments, none, extra, onChange }: {
  form: Form; label: string; value: string; departments: Department[]; none: string; extra?: string; onChange: (v: string) => void;
}) {
  return (
    <Select
      form={form}
      name="departmentId"
      label={label}
      hint={extra ? `${DEPARTMENT_PUBLIC_HINT}；${extra}` : DEPARTMENT_PUBLIC_HINT}
      value={value}
      options={departmentOptions(departments, none)}
      onChange={onChange}
    />
  );
}

export function AssignmentForm({ f, departments, onDone }: { f: FeedbackDetail; departments: Department[]; onDone: (f: FeedbackDetail, message: string) => void }) {
  const form = useForm('assign');
  const current = f.department ? String(f.department.id) : '';
  const [departmentId, setDepartmentId] = useState(current);
  useEffect(() => setDepartmentId(current), [current]);
  if (!f.allowedActions.assign) return null;
  const submit = async (e: Event) => {
    e.preventDefault();
    const done = await form.submit(() => staffApi.assign(f, departmentId ? Number(departmentId) : null));
    if (!done) return;
    onDone(done, done.department ? `承办部门已改为${done.department.name}` : '已取消承办部门');
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="assign-title">
      <h3 id="assign-title">承办部门</h3>
      <ErrorSummary form={form} />
      <DepartmentSelect form={form} label="交给哪个部门办理" value={departmentId} departments={departments} none="未指定部门" extra="办理中的反馈必须有承办部门" onChange={setDepartmentId} />
      <SubmitButton form={form} secondary>
        保存承办部门
      </SubmitButton>
    </form>
  );
}
