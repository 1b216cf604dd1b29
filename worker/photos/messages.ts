/**
 * What a person reads when a photo is refused (Simplified Chinese), one message per reason code
 * of sniff.ts. Each says what to do instead. Tests assert them word for word.
 */
import { PHOTO_MAX_BYTES, PHOTO_MAX_COUNT, PHOTO_MAX_PER_FEEDBACK, PHOTO_MAX_PIXELS, PHOTO_MAX_SIDE } from './limits';

const ACCEPTED = '请上传 JPEG 或 PNG 格式的照片';

export const photoMessages = {
  empty: '文件是空的，请重新选择照片',
  heic: '暂不支持 HEIC/HEIF 格式的照片，请转换为 JPEG 后上传（苹果手机可在“设置 > 相机 > 格式”中选择“兼容性最佳”）',
  avif: `暂不支持 AVIF 格式的图片，${ACCEPTED}`,
  webp: `暂不支持 WebP 格式的图片，${ACCEPTED}`,
  gif: `暂不支持 GIF 图片，${ACCEPTED}`,
  pdf: `这是 PDF 文档，不是照片，${ACCEPTED}`,
  executable: `这个文件是程序，不是照片，不能上传。${ACCEPTED}`,
  zip: `不能上传压缩包，${ACCEPTED}`,
  unknown: `无法识别这个文件，${ACCEPTED}`,
  truncated: '照片文件不完整（可能是上传中断），请重新选择这张照片后上传',
  malformed: '照片文件已损坏，无法读取，请换一张照片',
  unsupportedJpeg: '这张 JPEG 照片的编码方式无法在网页上显示，请换一张照片或截图后上传',
  tooManyPixels: `照片尺寸过大：边长不能超过 ${PHOTO_MAX_SIDE} 像素，总像素不能超过 ${PHOTO_MAX_PIXELS / 1_000_000} 百万，请缩小后上传`,
  metadataTooLarge: '照片附带的拍摄信息（Exif 等）异常庞大，无法处理。请截图或用手机相册“编辑”后另存一张再上传',
} as const;

/** Why a photo is refused: a key of photoMessages. */
export type PhotoRefusal = keyof typeof photoMessages;

const MB = PHOTO_MAX_BYTES / 1024 / 1024;

/** What a person reads when an upload as a whole is refused (worker/photos/upload.ts). */
export const photoUploadMessages = {
  tooLarge: `上传的内容太大：每张照片不能超过 ${MB} MB，一次最多 ${PHOTO_MAX_COUNT} 张`,
  photoTooLarge: (n: number) => `第 ${n} 张照片超过 ${MB} MB，请换一张较小的照片，或截图后上传`,
  tooMany: `一次最多上传 ${PHOTO_MAX_COUNT} 张照片`,
  none: '请选择要上传的照片',
  refused: (n: number, message: string) => `第 ${n} 张照片：${message}`,
  incomplete: '上传没有完成（网络可能中断了），请重新提交',
  notMultipart: '请以 multipart/form-data 格式上传照片',
  notJsonOrMultipart: '请以 JSON（application/json）或表单（multipart/form-data）格式提交',
  feedbackPartMissing: '提交的数据缺少反馈内容，请刷新页面后重试',
  perFeedback: `这条反馈最多保存 ${PHOTO_MAX_PER_FEEDBACK} 张照片`,
  notFound: '照片不存在或链接已过期，请重新查询',
  storeFailed: '照片暂时无法保存，这次提交没有完成，请稍后重试。您填写的内容已保存在本机',
} as const;
