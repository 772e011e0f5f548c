import { useEffect, useRef, useState } from 'react';

/**
 * `value`, passed on at most once per `ms`: the latest value always arrives (after at most
 * `ms`), but a chart fed from it redraws at a bounded rate however often `value` changes.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = Math.max(0, last.current + ms - performance.now());
    const timer = setTimeout(() => {
      last.current = performance.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return shown;
}
