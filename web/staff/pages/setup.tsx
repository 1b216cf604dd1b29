/**
 * The screen a setup link opens (`#/setup/<token>`), signed in or not: it
 * checks the link, shows whose account it is, asks for the new password twice,
 * and signs the person in. The token never leaves the page but in the JSON body
 * of these two requests; once used, the address is replaced by the inbox's.
 */
import { useEffect, useState } from 'preact/hooks';
import { ErrorSummary, LoadError } from '../components/error-summary';
import { SubmitButton, TextInput } from '../components/fields';
import { AccountName, NewPassword } from '../components/fields/password';
import { Page } from '../components/page';
import type { Result } from '../lib/api';
import { instantDateTime } from '../lib/format';
import { consoleMessages } from '../lib/messages';
import { href, navigate } from '../lib/router';
import { staffApi, type SetupLinkInfo } from '../lib/staff-api';
import { useForm, type FormError } from '../lib/use-form';
import { useSession } from '../state/session';

export function SetupPage({ token }: { token: string }) {
  const session = useSession();
  const form = useForm('setup');
  const [link, setLink] = useState<Result<SetupLinkInfo> | null>(null);
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  useEffect(() => void staffApi.checkSetupLink(token).then(setLink), [token]);

  if (!link) return <p class="loading">{consoleMessages.loading}</p>;
  if (!link.ok) {
    return (
      <Page title="无法使用这个链接">
        <LoadError error={link.error} />
        <p>
          已经设置过密码的，请直接<a href={href('/inbox')}>登录工作台</a>。
        </p>
      </Page>
    );
  }
  const info = link.value;
  const signedInAs = session.state.is === 'signed-in' ? session.state.user : null;

  const submit = async (e: Event) => {
    e.preventDefault();
    const missing: FormError[] = [];
    if (confirm === '') missing.push({ field: 'confirm', message: consoleMessages.confirmPasswordRequired });
    else if (confirm !== newPassword) missing.push({ field: 'confirm', message: consoleMessages.passwordsDiffer });
    if (missing.length > 0) return form.show(missing);
    const done = await form.submit(() => staffApi.setUpPassword(token, newPassword));
    if (!done) return;
    await session.refresh();
    navigate('/inbox', {}, { replace: true });
  };

  return (
    <Page title={info.purpose === 'reset' ? '重新设置密码' : '设置密码'}>
      <p class="lead">
        {info.purpose === 'reset'
          ? `${info.displayName}，管理员已重置您的账号。请设置新密码，设置后即可进入整改监督工作台。`
          : `${info.displayName}，欢迎使用整改监督工作台。请为您的账号设置密码，设置后即可进入工作台。`}
      </p>
      <p class="hint">这个链接有效至 {instantDateTime(info.expiresAt)}，只能使用一次。</p>
      {signedInAs && signedInAs.email !== info.email && (
        <p class="notice">您当前以 {signedInAs.email} 登录。设置密码后，这个浏览器将改为以 {info.email} 登录。</p>
      )}
      <form onSubmit={submit} noValidate>
        <ErrorSummary form={form} />
        <AccountName form={form} email={info.email} />
        <NewPassword form={form} value={newPassword} onInput={setNew} />
        <TextInput form={form} name="confirm" label="再次输入新密码" type="password" autoComplete="new-password" value={confirm} onInput={setConfirm} />
        <SubmitButton form={form}>设置密码并进入工作台</SubmitButton>
      </form>
    </Page>
  );
}
