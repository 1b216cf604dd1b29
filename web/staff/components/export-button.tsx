/**
 * Download what the inbox shows: the same filters, as CSV, Excel or NDJSON, with
 * the timeline if asked. CSV and NDJSON are plain links, so the browser saves the
 * stream as it comes however large; XLSX is fetched first, so that an error the API
 * answers instead of the file is shown beside the button. Search words go sealed
 * (lib/search-words.ts): the links hold a token, never the words.
 */
import { useEffect, useState } from 'preact/hooks';
import { consoleMessages } from '../lib/messages';
import { sealed, sealedNow } from '../lib/search-words';

export type ExportFormat = 'csv' | 'xlsx' | 'ndjson';

/** `short`: the format's name on the download button, 下载台账（…）, the same for every format. */
const FORMATS: Array<{ value: ExportFormat; label: string; short: string }> = [
  { value: 'csv', label: 'CSV（Excel、WPS 均可打开，不限条数）', short: 'CSV' },
  { value: 'xlsx', label: 'Excel（xlsx，不限条数）', short: 'Excel' },
  { value: 'ndjson', label: 'NDJSON（供系统对接）', short: 'NDJSON' },
];
const downloadLabel = (format: ExportFormat) => `下载台账（${FORMATS.find((f) => f.value === format)!.short}）`;

/** The inbox's own filters only: paging and anything else stay behind. */
const FILTER_KEYS = ['status', 'notice', 'item', 'department', 'channel', 'kind', 'overdue', 'dueSoon', 'returned', 'attention', 'from', 'to', 'q', 'qs'];

export function exportUrl(filters: Record<string, string>, format: ExportFormat, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== '') params.set(key, value);
  }
  params.set('format', format);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return `/api/staff/export?${params.toString()}`;
}

/** The name the server gave (RFC 6266 filename*), or a fallback. */
function filenameOf(res: Response, fallback: string): string {
  const header = res.headers.get('content-disposition') ?? '';
  const m = header.match(/filename\*=UTF-8''([^;]+)/i);
  if (!m) return fallback;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return fallback;
  }
}

async function downloadXlsx(url: string): Promise<string | null> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin' });
  } catch {
    return consoleMessages.network;
  }
  if (!res.ok) {
    try {
      const body = (await res.json()) as { error?: { message?: string } };
      return body.error?.message ?? consoleMessages.serverFault;
    } catch {
      return consoleMessages.serverFault;
    }
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filenameOf(res, '台账.xlsx');
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return null;
}

/** The filters with the search words sealed; null while their token is being fetched, with the error if that failed. */
function useSealed(filters: Record<string, string>): { sent: Record<string, string> | null; error: string | null } {
  const key = JSON.stringify(filters);
  const [state, setState] = useState<{ key: string; sent: Record<string, string> | null; error: string | null } | null>(null);
  useEffect(() => {
    if (sealedNow(filters)) return;
    let live = true;
    void sealed(filters).then((r) => live && setState({ key, sent: r.ok ? r.value : null, error: r.ok ? null : r.error.message }));
    return () => {
      live = false;
    };
  }, [key]);
  const now = sealedNow(filters);
  if (now) return { sent: now, error: null };
  return state?.key === key ? state : { sent: null, error: null };
}

export function ExportButton({ filters }: { filters: Record<string, string> }) {
  const { sent, error: sealError } = useSealed(filters);
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [timeline, setTimeline] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const choose = (f: ExportFormat) => {
    setFormat(f);
    setError(null);
  };
  const saveXlsx = async () => {
    setBusy(true);
    setError(null);
    const s = await sealed(filters);
    setError(s.ok ? await downloadXlsx(exportUrl(s.value, 'xlsx', timeline ? { timeline: '1' } : {})) : s.error.message);
    setBusy(false);
  };

  return (
    <details class="export">
      <summary>导出当前筛选结果</summary>
      <fieldset class="field">
        <legend>文件格式</legend>
        <div class="choices">
          {FORMATS.map((f) => (
            <label class="choice" key={f.value}>
              <input type="radio" name="export-format" value={f.value} checked={format === f.value} onChange={() => choose(f.value)} />
              {f.label}
            </label>
          ))}
        </div>
      </fieldset>
      <div class="field">
        <label class="choice">
          <input type="checkbox" checked={timeline} onChange={(e) => setTimeline((e.currentTarget as HTMLInputElement).checked)} />
          包含办理记录
        </label>
        <p class="hint">
          {format === 'csv' ? 'CSV 每个文件只有一张表：办理记录另存为一个文件，两个文件以“编号”对应。' : format === 'xlsx' ? '办理记录在第二张工作表。' : '办理记录在每条反馈的 timeline 中。'}
          联系方式是否完整取决于您的权限，每次导出都会记入审计日志。
        </p>
      </div>
      {(error ?? sealError) && (
        <p class="field-error" role="alert">
          {error ?? sealError}
        </p>
      )}
      <p class="actions">
        {format === 'xlsx' ? (
          <button type="button" class="button" aria-disabled={busy} onClick={() => !busy && void saveXlsx()}>
            {busy ? '正在生成…' : downloadLabel('xlsx')}
          </button>
        ) : sent ? (
          <a class="button" href={exportUrl(sent, format, format === 'ndjson' && timeline ? { timeline: '1' } : {})} download>
            {downloadLabel(format)}
          </a>
        ) : (
          <span class="button" aria-disabled="true">
            正在准备…
          </span>
        )}
        {format === 'csv' && timeline && sent && (
          <a class="button secondary" href={exportUrl(sent, 'csv', { part: 'timeline' })} download>
            下载办理记录
          </a>
        )}
      </p>
    </details>
  );
}
