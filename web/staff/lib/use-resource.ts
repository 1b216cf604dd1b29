/**
 * Loads something from the API when a key changes and keeps the latest answer,
 * ignoring answers to requests that a newer one has replaced.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiError, Result } from './api';

export interface Resource<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  /** Replaces the data with what an action answered, without a new request. */
  set: (data: T) => void;
}

export function useResource<T>(load: () => Promise<Result<T>>, key: string): Resource<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const id = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    void load().then((r) => {
      if (id !== latest.current) return;
      setState(r.ok ? { data: r.value, error: null, loading: false } : { data: null, error: r.error, loading: false });
    });
  }, [key, tick]);
  return {
    ...state,
    reload: () => setTick((t) => t + 1),
    set: (data: T) => setState({ data, error: null, loading: false }),
  };
}
