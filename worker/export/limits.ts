/**
 * The caps of an XLSX export, apart from xlsx.ts so that the console can show
 * them without loading SheetJS. SheetJS holds every cell, then the sheet's XML,
 * then the ZIP, so an XLSX export must fit in a Worker's 128 MB at once. Measured
 * with `npm run bench:export` (README, `GET /api/staff/export`): the worker's V8 heap through
 * workerd's inspector, and the same build under a V8 heap held to 128 MB (and to
 * less, for headroom). The largest export these caps allow (5,000 rows with
 * 15,000 timeline events and 1,000,000 characters of content and reply) is built
 * within a 96 MB heap; 10,000 rows with four events each do not fit in 128 MB.
 * Rows of the longest texts meet the character cap before the row cap.
 */
export const XLSX_MAX_ROWS = 5_000;
/** Characters of content and reply together, over all rows. */
export const XLSX_MAX_TEXT_CHARS = 1_000_000;
/** Timeline rows (8 narrow columns) on the second sheet. */
export const XLSX_MAX_EVENTS = 15_000;
