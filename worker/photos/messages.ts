/**
 * What a person reads when a photo is refused (Simplified Chinese), one message per reason code
 * of sniff.ts. Each says what to do instead. Tests assert them word for word.
 */
import { PHOTO_MAX_PIXELS, PHOTO_MAX_SIDE } from './limits';

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
} as const;

/** Why a photo is refused: a key of photoMessages. */
export type PhotoRefusal = keyof typeof photoMessages;
