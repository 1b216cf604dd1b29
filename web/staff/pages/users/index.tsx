/**
 * Staff accounts and departments, for admins.
 */
import { LoadError } from '../../components/error-summary';
import { Page } from '../../components/page';
import { instantDateTime } from '../../lib/format';
import { roleLabels } from '../../lib/labels';
import { staffApi } from '../../lib/staff-api';
import { useResource } from '../../lib/use-resource';
import { Departments } from './departments';
import { UserForm } from './user-form';

export function UsersPage() {
  const users = useResource(() => staffApi.users(), 'users');
  const departments = useResource(() => staffApi.departments(), 'departments');
  const list = departments.data?.departments ?? [];
  const departmentName = (id: number | null) => (id === null ? '—' : (list.find((d) => d.id === id)?.name ?? String(id)));
  const state = (u: { disabled: boolean; mustChangePassword: boolean }) => (u.disabled ? '已停用' : u.mustChangePassword ? '尚未首次登录' : '正常');

  return (
    <Page title="账号">
      {users.error && <LoadError error={users.error} />}
      <section aria-labelledby="users-title">
        <h2 id="users-title">工作台账号</h2>
        <ul class="cards user-cards">
          {(users.data?.users ?? []).map((u) => (
            <li key={u.id} class="card">
              <p class="card-head">
                <strong>{u.displayName}</strong> <span class="tag">{roleLabels[u.role]}</span>
              </p>
              <p class="meta">
                {u.email} · 部门：{departmentName(u.departmentId)} · {state(u)}
                {u.lastLoginAt && ` · 最近登录 ${instantDateTime(u.lastLoginAt)}`}
              </p>
            </li>
          ))}
        </ul>
      </section>
      <UserForm departments={list} onCreated={users.reload} />
      <Departments departments={list} onAdded={departments.reload} />
    </Page>
  );
}
