/**
 * How the review screen names roles, places and levels.
 */
import type { Place } from '../../../../../worker/notice/build';
import type { ItemLevel, PieceRole } from '../../../../../worker/notice/reading';

export const roleLabels: Record<PieceRole, string> = {
  title: '标题',
  part: '部分标题',
  category: '类别标题',
  item: '整改事项',
  measures: '整改措施',
  status: '整改情况',
  text: '接上文',
  closing: '结尾',
};

export const placeLabels: Record<Place, string> = {
  title: '标题',
  intro: '开头',
  part: '部分',
  category: '类别',
  item: '事项标题',
  body: '事项正文',
  measures: '整改措施',
  status: '整改情况',
  closing: '结尾',
};

export const levelLabels: Record<ItemLevel, string> = {
  chinese: '一、二、三、',
  'chinese-paren': '（一）（二）',
  arabic: '1. 2. 3.',
  'arabic-paren': '（1）（2）',
  circled: '①②③',
  ordinal: '一是、二是',
};
