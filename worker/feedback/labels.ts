/**
 * How each domain value reads in Chinese, shared by the API, the pages and the export.
 */
export const kindLabels = { opinion: '意见', suggestion: '建议', report: '反映问题', praise: '表扬' } as const;

export const statusLabels = {
  new: '待受理',
  accepted: '已受理',
  declined: '不予受理',
  duplicate: '重复',
  spam: '无效',
  in_progress: '办理中',
  replied: '已答复',
  closed: '已办结',
} as const;

export const channelLabels = { web: '网上', phone: '电话', post: '信件', email: '电子邮件', in_person: '来访' } as const;

export const itemStatusLabels = { completed: '已完成', in_progress: '正在整改', long_term: '长期坚持', unknown: '未注明' } as const;

export const ratingLabels = { 1: '不满意', 2: '基本满意', 3: '满意' } as const;

/** A notice's state, as staff and the public read it. */
export const noticeStateLabels = { draft: '草稿', published: '已发布', closed: '已停止接收反馈', archived: '已归档' } as const;
