/**
 * Messages that only the console gives (Simplified Chinese). Everything the API
 * says comes from the server's own messages (worker/messages.ts,
 * worker/staff/messages.ts) and is shown as sent.
 *
 * `serverFault` is for an answer that is not the API's JSON (a proxy's 502, say).
 * It is not errorMessages.internal on purpose: worker/messages.ts is shared with
 * the public form's chunk, and using its errorMessages here would put them into
 * the public page's first view (scripts/check-size.ts budget).
 */
export const consoleMessages = {
  network: '连不上服务器，您的操作未完成。请检查网络后重试',
  serverFault: '服务器暂时出现问题，您的操作可能未完成。请稍后刷新页面查看，再决定是否重试',
  idleSignedOut: (minutes: number) => `您已 ${minutes} 分钟没有操作，为保护群众的个人信息，系统已自动退出。请重新登录`,
  sessionEnded: '登录已过期，请重新登录',
  signedOut: '您已退出登录',
  emailRequired: '请填写电子邮箱',
  confirmPasswordRequired: '请再次输入新密码',
  passwordsDiffer: '两次输入的新密码不一致，请重新输入',
  linkCopied: '已复制设置密码链接',
  linkNotCopied: '无法自动复制，请选中链接后手动复制',
  loading: '正在加载…',
} as const;
