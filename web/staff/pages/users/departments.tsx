/**
 * Departments (承办部门): the list, each opening its own screen to rename it or
 * merge it into another (department.tsx), and a new one (admins).
 */
import { useState } from 'preact/hooks';
import { DEPARTMENT_NAME_MAX } from '../../../../worker/staff/messages';
import { ErrorSummary } from '../../components/error-summary';
import { SubmitButton, TextInput } from '../../components/fields';
import { href } from '../../lib/router';
import { staffApi, type Department } from '../../lib/staff-api';
import { useForm } from '../../lib/use-form';
import { useAnnounce } from '../../state/announcer';

export function Departments({ departments, onAdded }: { departments: Department[]; onAdded: () => void }) {
  const form = useForm('department');
  const announce = useAnnounce();
  const [name, setName] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    const done = await form.submit(() => staffApi.addDepartment(name));
    if (!done) return;
    setName('');
    announce(`已新增部门：${done.name}`);
    onAdded();
  };
  return (
    <section aria-labelledby="departments-title">
      <h2 id="departments-title">承办部门</h2>
      {departments.length === 0 ? (
        <p>还没有部门。</p>
      ) : (
        <>
          <p class="hint">点部门名称可以改名，或把它合并到另一个部门。</p>
          <ul class="plain-list department-list">
            {departments.map((d) => (
              <li key={d.id}>
                <a href={href(`/departments/${d.id}`)}>{d.name}</a>
              </li>
            ))}
          </ul>
        </>
      )}
      <form onSubmit={submit} noValidate class="inline-form">
        <ErrorSummary form={form} />
        <TextInput form={form} name="name" label="新增部门" hint={`部门名称，最多 ${DEPARTMENT_NAME_MAX} 字`} value={name} onInput={setName} />
        <SubmitButton form={form} secondary>
          新增部门
        </SubmitButton>
      </form>
    </section>
  );
}
