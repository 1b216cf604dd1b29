/**
 * Sign-in. Whatever went wrong, one message: the server does not say whether
 * the e-mail has an account. After repeated failures the server locks the
 * e-mail for a while (429) and says for how long; that message is shown as sent.
 */
import { useState } from 'preact/hooks';
import { staffFieldMessages } from '../../../worker/staff/messages';
import { ErrorSummary } from '../components/error-summary';
import { SubmitButton, TextInput } from '../components/fields';
import { Page } from '../components/page';
import { consoleMessages } from '../lib/messages';
import { staffApi } from '../lib/staff-api';
import { useForm, type FormError } from '../lib/use-form';
import { useSession } from '../state/session';

export function SignInPage({ message }: { message: string | null }) {
  const session = useSession();
  const form = useForm('signin');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = async (e: Event) => {
    e.preventDefault();
    const missing: FormError[] = [];
    if (email.trim() === '') missing.push({ field: 'email', message: consoleMessages.emailRequired });
    if (password === '') missing.push({ field: 'password', message: staffFieldMessages.password.required });
    if (missing.length > 0) return form.show(missing);
    const done = await form.submit(() => staffApi.signIn(email.trim(), password));
    if (done) await session.refresh();
  };

  return (
    <Page title="登录">
      <p class="lead">整改监督工作台供街道工作人员处理群众反馈。</p>
      {message && !form.errors.length && (
        <p class="notice" role="status">
          {message}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <ErrorSummary form={form} />
        <TextInput form={form} name="email" label="电子邮箱" type="email" autoComplete="username" inputMode="email" value={email} onInput={setEmail} />
        <TextInput form={form} name="password" label="密码" type="password" autoComplete="current-password" value={password} onInput={setPassword} />
        <SubmitButton form={form}>登录</SubmitButton>
      </form>
      <p class="hint">忘记密码请联系管理员重新开设账号。</p>
    </Page>
  );
}
