/**
 * A new member of staff. The answer carries a one-time setup link, shown here
 * once; the person opens it and chooses their own password. No password is
 * ever shown on screen.
 */
import { useState } from 'preact/hooks';
import { DISPLAY_NAME_MAX } from '../../../../worker/staff/account-rules';
import { ErrorSummary } from '../../components/error-summary';
import { Radios, Select, SubmitButton, TextInput } from '../../components/fields';
import { roleLabels, ROLES } from '../../lib/labels';
import { staffApi, type AccountWithLink, type Department } from '../../lib/staff-api';
import { useForm } from '../../lib/use-form';
import { SetupLinkPanel } from './setup-link';

export const roleHints: Record<string, string> = {
  admin: '管理员：全部功能，包括账号、部门和审计日志',
  handler: '承办人：受理、办理、答复反馈；属于某个部门时只处理本部门的反馈',
  viewer: '查看人：只能查看，不能修改，不能查看完整联系方式',
};

/** The department choices of an account: none, or one of the departments. */
export function departmentOptions(departments: Department[]) {
  return [{ value: '', label: '不属于某个部门' }, ...departments.map((d) => ({ value: String(d.id), label: d.name }))];
}

export const DEPARTMENT_HINT = '承办人、查看人属于某个部门时，只能看到交给本部门的反馈；管理员不属于部门';

export function UserForm({ departments, onCreated }: { departments: Department[]; onCreated: () => void }) {
  const form = useForm('user');
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  const [created, setCreated] = useState<AccountWithLink | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setCreated(null);
    const done = await form.submit(() =>
      staffApi.addUser({ email: email.trim(), displayName: displayName.trim() || null, role, departmentId: departmentId ? Number(departmentId) : null }),
    );
    if (!done) return;
    setCreated(done);
    setEmail('');
    setDisplayName('');
    setRole('');
    setDepartmentId('');
    onCreated();
  };

  return (
    <section aria-labelledby="add-user-title">
      <h2 id="add-user-title">开设账号</h2>
      {created && <SetupLinkPanel created={created} heading={`已为 ${created.user.email} 开设账号`} />}
      <form onSubmit={submit} noValidate class="narrow-form">
        <ErrorSummary form={form} />
        <TextInput form={form} name="email" label="电子邮箱" hint="用于登录" type="email" inputMode="email" value={email} onInput={setEmail} />
        <TextInput form={form} name="displayName" label="姓名（选填）" hint={`在工作台中显示，最多 ${DISPLAY_NAME_MAX} 字；不填则用邮箱 @ 前的部分`} value={displayName} onInput={setDisplayName} />
        <Radios form={form} name="role" legend="角色" value={role} options={ROLES.map((r) => ({ value: r, label: roleHints[r] ?? roleLabels[r] }))} onChange={setRole} />
        <Select form={form} name="departmentId" label="所属部门（选填）" hint={DEPARTMENT_HINT} value={departmentId} options={departmentOptions(departments)} onChange={setDepartmentId} />
        <SubmitButton form={form}>开设账号并生成设置链接</SubmitButton>
      </form>
    </section>
  );
}
