/**
 * The fields of choosing a password, the same wherever one is chosen (changing
 * one's own, or through a setup link): whose account it is, for the person and
 * for password managers, and the new password with its one rule.
 */
import { useState } from 'preact/hooks';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../../worker/staff/password';
import type { Form } from '../../lib/use-form';
import { TextInput } from './index';

export function AccountName({ form, email }: { form: Form; email: string }) {
  const id = `${form.name}-username`;
  return (
    <div class="field">
      <label for={id}>账号</label>
      <input id={id} type="email" autoComplete="username" value={email} readOnly />
    </div>
  );
}

/**
 * The new password, hidden as it is typed unless the person asks to see it (显示密码, a toggle
 * button: aria-pressed), so that a long sentence can be checked before it is set; seeing it is
 * what a second field to type it again would be for.
 */
export function NewPassword({ form, value, onInput }: { form: Form; value: string; onInput: (v: string) => void }) {
  const [shown, setShown] = useState(false);
  return (
    <TextInput
      form={form}
      name="newPassword"
      label="新密码"
      hint={`${PASSWORD_MIN} 至 ${PASSWORD_MAX} 个字符，不限字符种类。可以用一句自己记得住、别人猜不到的话。`}
      type={shown ? 'text' : 'password'}
      autoComplete="new-password"
      value={value}
      onInput={onInput}
      after={
        <button type="button" class="button small secondary password-toggle" aria-pressed={shown} aria-controls={form.id('newPassword')} onClick={() => setShown((s) => !s)}>
          显示密码
        </button>
      }
    />
  );
}
