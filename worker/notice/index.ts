/**
 * Reading published rectification notices (巡察整改情况的通报) into parts,
 * categories and items with their measures and status.
 */
export type { ItemStatus, NoticeContacts, ParsedCategory, ParsedItem, ParsedNotice, ParsedPart } from './types';
export { parseNotice } from './parse';
export { noticeFields } from './fields';
export { normaliseStatus } from './status';
export { findContacts } from './contacts';
