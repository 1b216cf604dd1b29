/**
 * Keyset paging: "加载更多" asks for the page after the last row shown. The
 * count shown is announced by the page's live region.
 */
export function LoadMore({ shown, more, busy, onMore }: { shown: number; more: boolean; busy: boolean; onMore: () => void }) {
  return (
    <div class="load-more">
      <p class="meta">{more ? `已显示 ${shown} 条` : `共 ${shown} 条，已全部显示`}</p>
      {more && (
        <button type="button" class="button secondary" aria-disabled={busy || undefined} onClick={() => !busy && onMore()}>
          {busy ? '正在加载…' : '加载更多'}
        </button>
      )}
    </div>
  );
}
