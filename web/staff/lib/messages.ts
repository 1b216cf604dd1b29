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
  photoUnreadable: '浏览器无法读取这张照片，请换一张 JPEG 或 PNG 格式的照片',
  photoNotImage: '这不是照片，请选择 JPEG 或 PNG 格式的照片',
  photosDrawing: '照片还在处理中，请稍候再提交',
  photoRemoveUnreadable: '有照片无法读取，请先移除它',
  photosTooMany: (max: number, left: number) => `一次最多上传 ${max} 张照片：多选的 ${left} 张没有加入`,
  photosFull: '这条反馈的照片已达上限，不能再添加',
  photoViewAudited: '查看照片会记入审计日志。',
  photosStripped: '照片会先在本机重新绘制：照片中的位置、拍摄设备等信息会在上传前删除。',
  photosPublic: '公开进展中的照片所有人可见；内部说明中的照片只有工作人员能看到。',
} as const;
