/**
 * Changing one's own password; forced at the first sign-in, when the account
 * still has its one-time password. The server signs out the user's other sessions.
 */
import { useState } from 'preact/hooks';
import { ErrorSummary } from '../components/error-summary';
import { SubmitButton, TextInput } from '../components/fields';
import { AccountName, NewPassword } from '../components/fields/password';
import { Page } from '../components/page';
import { staffApi } from '../lib/staff-api';
import { useForm } from '../lib/use-form';
import { useAnnounce } from '../state/announcer';
import { useSession } from '../state/session';

export function PasswordPage({ forced = false }: { forced?: boolean }) {
  const session = useSession();
  const email = session.state.is === 'signed-in' ? session.state.user.email : '';
  const announce = useAnnounce();
  const form = useForm('password');
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');

  const submit = async (e: Event) => {
    e.preventDefault();
    const done = await form.submit(() => staffApi.changePassword(currentPassword, newPassword));
    if (!done) return;
    setCurrent('');
    setNew('');
    if (forced) await session.refresh();
    else announce('密码已修改。您在其他设备上的登录已退出。');
  };

  return (
    <Page title={forced ? '首次登录：设置您的密码' : '修改密码'}>
      {forced && <p class="lead">您正在使用管理员给您的一次性密码。请先设置自己的密码，然后才能使用工作台。</p>}
      <form onSubmit={submit} noValidate>
        <ErrorSummary form={form} />
        <AccountName form={form} email={email} />
        <TextInput form={form} name="currentPassword" label={forced ? '一次性密码' : '当前密码'} type="password" autoComplete="current-password" value={currentPassword} onInput={setCurrent} />
        <NewPassword form={form} value={newPassword} onInput={setNew} />
        <SubmitButton form={form}>{forced ? '设置密码并进入工作台' : '修改密码'}</SubmitButton>
      </form>
      {forced && (
        <p>
          <button type="button" class="link-button" onClick={() => void session.signOut()}>
            退出登录
          </button>
        </p>
      )}
    </Page>
  );
}
