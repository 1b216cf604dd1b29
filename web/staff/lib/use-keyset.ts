/**
 * A list read in keyset pages: the first page whenever the key (the filters)
 * changes, then one more page per "加载更多", appended.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiError, Result } from './api';

export interface Keyset<Row> {
  rows: Row[];
  more: boolean;
  loading: boolean;
  error: ApiError | null;
  loadMore: () => Promise<number>;
}

export function useKeyset<Row, Cursor>(key: string, page: (cursor: Cursor | null) => Promise<Result<{ rows: Row[]; next: Cursor | null }>>): Keyset<Row> {
  type State = { key: string; rows: Row[]; next: Cursor | null; loading: boolean; error: ApiError | null };
  const [state, setState] = useState<State>({ key, rows: [], next: null, loading: true, error: null });
  const generation = useRef(0);
  useEffect(() => {
    const g = ++generation.current;
    setState({ key, rows: [], next: null, loading: true, error: null });
    void page(null).then((r) => {
      if (g !== generation.current) return;
      setState(r.ok ? { key, rows: r.value.rows, next: r.value.next, loading: false, error: null } : { key, rows: [], next: null, loading: false, error: r.error });
    });
  }, [key]);
  // Rows of other filters are never shown, not even for the render before the effect.
  const current = state.key === key;
  return {
    rows: current ? state.rows : [],
    more: current && state.next !== null,
    loading: !current || state.loading,
    error: current ? state.error : null,
    async loadMore() {
      if (state.key !== key || state.next === null || state.loading) return 0;
      const g = generation.current;
      setState((s) => ({ ...s, loading: true }));
      const r = await page(state.next);
      if (g !== generation.current) return 0;
      setState((s) => (r.ok ? { ...s, rows: [...s.rows, ...r.value.rows], next: r.value.next, loading: false, error: null } : { ...s, loading: false, error: r.error }));
      return r.ok ? r.value.rows.length : 0;
    },
  };
}
