/**
 * What the sample notice's text does not say about itself: its slug, title,
 * issuer and reference prefix. See README.md beside this file for the source.
 */
import type { NoticeMeta } from '../worker/db/notices';

export const dongxiaoMeta: NoticeMeta = {
  slug: 'dongxiao-2023',
  title: '东晓街道党工委关于信访领域专项巡察整改情况的通报',
  issuer: '中共深圳市罗湖区东晓街道工作委员会',
  // The text gives no publication date; its latest event is dated 2023-01-09.
  publishedOn: null,
  refPrefix: 'DX',
  sourceNote: '东晓街道党工委公开发布的巡察整改情况通报（公开数据）',
  state: 'published',
};

/**
 * The seven offices the notice names as sharing the rectification work
 * (part 一 (二): 联合……等七个部门), as the sample's departments.
 */
export const dongxiaoDepartments = [
  '综合治理办公室',
  '党政综合办公室',
  '党建工作办公室',
  '公共服务办公室',
  '城市建设办公室',
  '应急管理办公室',
  '纪工委',
] as const;
