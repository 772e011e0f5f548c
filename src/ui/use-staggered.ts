import { useEffect, useState } from 'react';

/**
 * How many of `total` expensive children to mount so far: `perFrame` more on each animation
 * frame, so a page of charts never becomes one long main-thread task. Restarts when `key` changes.
 */
export function useStaggered(total: number, key: string, perFrame = 2): number {
  const [shown, setShown] = useState({ key, count: 0 });
  const count = shown.key === key ? shown.count : 0;
  useEffect(() => {
    if (count >= total) return;
    const id = requestAnimationFrame(() =>
      setShown((s) => ({ key, count: Math.min(total, (s.key === key ? s.count : 0) + perFrame) })),
    );
    return () => cancelAnimationFrame(id);
  }, [count, total, key, perFrame]);
  return count;
}
