/**
 * The state of an account as the console names it: active, disabled, or waiting
 * for its owner to choose a password (with or without a link still valid).
 */
import { instantDateTime } from '../../lib/format';
import type { ListedStaffUser } from '../../lib/staff-api';

export function accountState(u: Pick<ListedStaffUser, 'disabled' | 'mustChangePassword' | 'setupLinkExpiresAt'>): { label: string; note: string | null } {
  if (u.disabled) return { label: '已停用', note: null };
  if (!u.mustChangePassword) return { label: '正常', note: null };
  return u.setupLinkExpiresAt !== null
    ? { label: '待设置密码', note: `设置链接有效至 ${instantDateTime(u.setupLinkExpiresAt)}` }
    : { label: '待设置密码', note: '没有有效的设置链接，请重置以生成新链接' };
}
