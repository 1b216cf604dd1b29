/**
 * One staff account, for admins: its details and state; change role,
 * department and name; reset it (a new setup link, its sessions end); disable
 * or enable it. An admin does not reset or disable their own account here
 * (the server refuses it too, see worker/staff/accounts.ts).
 */
import { useState } from 'preact/hooks';
import { DISPLAY_NAME_MAX } from '../../../../worker/staff/account-rules';
import { ErrorSummary, LoadError } from '../../components/error-summary';
import { Radios, Select, SubmitButton, TextInput } from '../../components/fields';
import { Page } from '../../components/page';
import { instantDateTime } from '../../lib/format';
import { roleLabels, ROLES } from '../../lib/labels';
import { consoleMessages } from '../../lib/messages';
import { href } from '../../lib/router';
import { staffApi, type AccountWithLink, type Department, type ListedStaffUser } from '../../lib/staff-api';
import { useForm } from '../../lib/use-form';
import { useResource } from '../../lib/use-resource';
import { useAnnounce } from '../../state/announcer';
import { useSession, useUser } from '../../state/session';
import { accountState } from './account-state';
import { SetupLinkPanel } from './setup-link';
import { DEPARTMENT_HINT, departmentOptions, roleHints } from './user-form';

function ChangeForm({ user, departments, onChanged }: { user: ListedStaffUser; departments: Department[]; onChanged: () => void }) {
  const form = useForm('account');
  const announce = useAnnounce();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [role, setRole] = useState<string>(user.role);
  const [departmentId, setDepartmentId] = useState(user.departmentId === null ? '' : String(user.departmentId));
  const submit = async (e: Event) => {
    e.preventDefault();
    const done = await form.submit(() =>
      staffApi.changeUser(user.id, { displayName: displayName.trim(), role, departmentId: departmentId ? Number(departmentId) : null }),
    );
    if (!done) return;
    announce('已保存账号的修改');
    onChanged();
  };
  return (
    <section aria-labelledby="change-title">
      <h2 id="change-title">修改账号</h2>
      <form onSubmit={submit} noValidate class="narrow-form">
        <ErrorSummary form={form} />
        <TextInput form={form} name="displayName" label="姓名" hint={`最多 ${DISPLAY_NAME_MAX} 字；不填则用邮箱 @ 前的部分`} value={displayName} onInput={setDisplayName} />
        <Radios form={form} name="role" legend="角色" value={role} options={ROLES.map((r) => ({ value: r, label: roleHints[r] ?? roleLabels[r] }))} onChange={setRole} />
        <Select form={form} name="departmentId" label="所属部门" hint={DEPARTMENT_HINT} value={departmentId} options={departmentOptions(departments)} onChange={setDepartmentId} />
        <SubmitButton form={form}>保存修改</SubmitButton>
      </form>
    </section>
  );
}

function ResetAction({ user, onReset }: { user: ListedStaffUser; onReset: () => void }) {
  const form = useForm('reset');
  const [created, setCreated] = useState<AccountWithLink | null>(null);
  const reset = async () => {
    setCreated(null);
    const done = await form.submit(() => staffApi.resetUser(user.id));
    if (!done) return;
    setCreated(done);
    onReset();
  };
  return (
    <section aria-labelledby="reset-title">
      <h2 id="reset-title">重置密码</h2>
      <p>忘记密码或怀疑密码泄露时使用。重置后原密码立即失效，本人在所有设备上的登录都会退出，之前发出的设置链接也会作废；本人需用新的设置链接重新设置密码。</p>
      <ErrorSummary form={form} />
      {created ? (
        <SetupLinkPanel created={created} heading={`已重置 ${created.user.email} 的密码`} />
      ) : (
        <p>
          <button type="button" class="button secondary" aria-disabled={form.busy || undefined} onClick={() => void reset()}>
            重置并生成设置链接
          </button>
        </p>
      )}
    </section>
  );
}

function DisableAction({ user, onChanged }: { user: ListedStaffUser; onChanged: () => void }) {
  const form = useForm('disable');
  const announce = useAnnounce();
  const toggle = async () => {
    const done = await form.submit(() => (user.disabled ? staffApi.enableUser(user.id) : staffApi.disableUser(user.id)));
    if (!done) return;
    announce(done.user.disabled ? `已停用 ${user.displayName} 的账号` : `已启用 ${user.displayName} 的账号`);
    onChanged();
  };
  return (
    <section aria-labelledby="disable-title">
      <h2 id="disable-title">{user.disabled ? '启用账号' : '停用账号'}</h2>
      <p>
        {user.disabled
          ? '启用后，本人可以用原来的密码重新登录。'
          : '停用后，本人立即退出登录，也不能再登录或使用设置链接，直到重新启用。账号和经手记录都会保留。'}
      </p>
      <ErrorSummary form={form} />
      <p>
        <button type="button" class="button secondary" aria-disabled={form.busy || undefined} onClick={() => void toggle()}>
          {user.disabled ? '启用账号' : '停用账号'}
        </button>
      </p>
    </section>
  );
}

export function AccountPage({ id }: { id: number }) {
  const me = useUser();
  const session = useSession();
  const users = useResource(() => staffApi.users(), 'users');
  const departments = useResource(() => staffApi.departments(), 'departments');
  const user = users.data?.users.find((u) => u.id === id) ?? null;
  const list = departments.data?.departments ?? [];
  const departmentName = (d: number | null) => (d === null ? '不属于某个部门' : (list.find((x) => x.id === d)?.name ?? String(d)));

  if (users.error) {
    return (
      <Page title="账号">
        <LoadError error={users.error} />
      </Page>
    );
  }
  if (!users.data) return <p class="loading">{consoleMessages.loading}</p>;
  if (!user) {
    return (
      <Page title="找不到这个账号">
        <p>
          这个账号不存在。<a href={href('/users')}>返回账号列表</a>
        </p>
      </Page>
    );
  }
  const state = accountState(user);
  const own = user.id === me.id;
  return (
    <Page title={`账号：${user.displayName}`}>
      <p>
        <a href={href('/users')}>返回账号列表</a>
      </p>
      <dl class="facts">
        <dt>电子邮箱</dt>
        <dd>{user.email}</dd>
        <dt>角色</dt>
        <dd>{roleLabels[user.role]}</dd>
        <dt>部门</dt>
        <dd>{departmentName(user.departmentId)}</dd>
        <dt>状态</dt>
        <dd>
          {state.label}
          {state.note && `（${state.note}）`}
        </dd>
        <dt>最近登录</dt>
        <dd>{user.lastLoginAt ? instantDateTime(user.lastLoginAt) : '从未登录'}</dd>
      </dl>
      <ChangeForm
        key={`${user.role}-${user.departmentId}-${user.displayName}`}
        user={user}
        departments={list}
        onChanged={() => {
          users.reload();
          // One's own role or department decides what the console offers.
          if (own) void session.refresh();
        }}
      />
      {own ? (
        <p class="notice">
          这是您自己的账号。要修改密码，请使用<a href={href('/password')}>修改密码</a>；重置或停用您的账号须由另一位管理员操作。
        </p>
      ) : (
        <>
          {!user.disabled && <ResetAction user={user} onReset={users.reload} />}
          <DisableAction user={user} onChanged={users.reload} />
        </>
      )}
    </Page>
  );
}
