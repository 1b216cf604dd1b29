/**
 * The console's calls for putting a notice online: read (and re-read with
 * corrections), then save as a draft. Types only from the worker.
 */
import type { ItemStatus } from '../../../worker/notice';
import type { ItemLevel, PieceRole } from '../../../worker/notice/reading';
import type { Review } from '../../../worker/notice/review';
import type { NoticeFileEncoding } from '../../../worker/notice/source';
import { api } from './api';

export type Reading = Omit<Review, 'notice'> & { text: string; encoding: NoticeFileEncoding | null };

export interface Corrections {
  level: ItemLevel | null;
  roles: PieceRole[] | null;
  statuses: Record<number, ItemStatus>;
}

export interface NoticeMetaInput {
  title: string;
  issuer: string;
  publishedOn: string | null;
  slug: string;
  refPrefix: string;
}

export const noticeImportApi = {
  readText: (text: string, c?: Corrections) => api.post<Reading>('/api/staff/notices/parse', { text, ...c }),
  readFile: (file: { name: string; data: string }) => api.post<Reading>('/api/staff/notices/parse', { file }),
  save: (text: string, c: Corrections, meta: NoticeMetaInput) =>
    api.post<{ slug: string; state: string; itemCount: number }>('/api/staff/notices', { text, ...c, ...meta }),
  publish: (slug: string) => api.post<unknown>(`/api/staff/notices/${encodeURIComponent(slug)}/state`, { to: 'published' }),
};

/** A file's bytes as base64, read in the browser. */
export function fileAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
