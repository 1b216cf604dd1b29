/**
 * Putting a notice online: its text (pasted, or a .txt or .docx file) is read by
 * the parser, reviewed and corrected by staff, and saved as a draft. Mounted in
 * notices.ts, behind its session and permission guard.
 */
import { Hono } from 'hono';
import type { StaffEnv } from './env';

export const staffNoticeImportRoute = new Hono<StaffEnv>();
