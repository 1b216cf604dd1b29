/**
 * What the staff API says about evidence photos (Simplified Chinese), beside staffErrors in
 * messages.ts. Each says what to do next; tests assert them word for word. The refusals of an
 * upload itself (format, size, count) are photoUploadMessages in ../photos/messages.ts, shared
 * with the public form.
 */
import { PHOTO_MAX_PER_FEEDBACK } from '../photos/limits';

/** Photos kept on one progress update (item comment), as on one feedback. */
export const PHOTO_MAX_PER_COMMENT = PHOTO_MAX_PER_FEEDBACK;

export const staffPhotoMessages = {
  photoNotFound: '找不到这张照片，请刷新页面后重试',
  photoErased: '这张照片已按保存期限删除，只保留了文件名和大小的记录',
  /** Staff add photos to what they logged themselves (phone, letter, mail, a visit); a web submission's photos are the submitter's. */
  webFeedback: '网上提交的反馈只显示反映人自己上传的照片。工作人员只能给电话、信件、邮件或来访登记的反馈添加照片',
  perFeedback: (left: number) =>
    left > 0 ? `这条反馈最多保存 ${PHOTO_MAX_PER_FEEDBACK} 张照片，还能再添加 ${left} 张` : `这条反馈最多保存 ${PHOTO_MAX_PER_FEEDBACK} 张照片，已经满了`,
  perComment: (left: number) =>
    left > 0 ? `一条进展说明最多附 ${PHOTO_MAX_PER_COMMENT} 张照片，还能再添加 ${left} 张` : `一条进展说明最多附 ${PHOTO_MAX_PER_COMMENT} 张照片，已经满了`,
  commentNotFound: '找不到这条进展说明，它可能不属于这项整改事项。请刷新页面',
  commentAuthorOnly: '只有写这条说明的同事或管理员可以给它添加照片',
  storeUnavailable: '照片暂时无法保存，请稍后重试。这次上传的照片都没有保存',
} as const;
