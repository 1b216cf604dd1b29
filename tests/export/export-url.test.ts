/**
 * The console's export link carries exactly the inbox's filters, and its format
 * and options, to GET /api/staff/export.
 */
import { describe, expect, it } from 'vitest';
import { exportUrl } from '../../web/staff/components/export-button';

describe('exportUrl', () => {
  it('passes the inbox filters on, leaving out empty ones and paging', () => {
    const url = exportUrl({ status: 'open', q: '垃圾 桶', department: '', cursor: 'abc', limit: '50', overdue: '1' }, 'csv');
    expect(url).toBe('/api/staff/export?status=open&overdue=1&q=%E5%9E%83%E5%9C%BE+%E6%A1%B6&format=csv');
  });

  it('asks for the timeline as its own file, or in the workbook', () => {
    expect(exportUrl({ kind: 'report' }, 'csv', { part: 'timeline' })).toBe('/api/staff/export?kind=report&format=csv&part=timeline');
    expect(exportUrl({}, 'xlsx', { timeline: '1' })).toBe('/api/staff/export?format=xlsx&timeline=1');
  });
});
