/**
 * Staff accounts and departments, for admins: every account with its role,
 * department and state (each opens its own screen to change it), a new
 * account, and the departments.
 */
import { LoadError } from '../../components/error-summary';
import { Page } from '../../components/page';
import { instantDateTime } from '../../lib/format';
import { roleLabels } from '../../lib/labels';
import { href } from '../../lib/router';
import { staffApi } from '../../lib/staff-api';
import { useResource } from '../../lib/use-resource';
import { accountState } from './account-state';
import { Departments } from './departments';
import { UserForm } from './user-form';

export function UsersPage() {
  const users = useResource(() => staffApi.users(), 'users');
  const departments = useResource(() => staffApi.departments(), 'departments');
  const list = departments.data?.departments ?? [];
  const departmentName = (id: number | null) => (id === null ? '—' : (list.find((d) => d.id === id)?.name ?? String(id)));

  return (
    <Page title="账号">
      {users.error && <LoadError error={users.error} />}
      <section aria-labelledby="users-title">
        <h2 id="users-title">工作台账号</h2>
        <table class="table users-table">
          <thead>
            <tr>
              <th scope="col">姓名</th>
              <th scope="col">电子邮箱</th>
              <th scope="col">角色</th>
              <th scope="col">部门</th>
              <th scope="col">状态</th>
              <th scope="col">最近登录</th>
            </tr>
          </thead>
          <tbody>
            {(users.data?.users ?? []).map((u) => {
              const state = accountState(u);
              return (
                <tr key={u.id}>
                  <th scope="row">
                    <a href={href(`/users/${u.id}`)}>{u.displayName}</a>
                  </th>
                  <td>{u.email}</td>
                  <td>{roleLabels[u.role]}</td>
                  <td>{departmentName(u.departmentId)}</td>
                  <td>
                    <span class={`tag tag-account-${u.disabled ? 'disabled' : u.mustChangePassword ? 'pending' : 'active'}`}>{state.label}</span>
                    {state.note && <span class="meta account-note">{state.note}</span>}
                  </td>
                  <td>{u.lastLoginAt ? instantDateTime(u.lastLoginAt) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <UserForm departments={list} onCreated={users.reload} />
      <Departments departments={list} onAdded={departments.reload} />
    </Page>
  );
}
