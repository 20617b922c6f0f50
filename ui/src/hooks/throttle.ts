// Leading + trailing throttle that gathers what arrived meanwhile, so bursts of change events
// become at most one refresh per interval and none is lost.

export type Throttled<T> = { push: (item: T) => void; cancel: () => void };

export function gatherThrottle<T>(flush: (items: T[]) => void, intervalMs: number): Throttled<T> {
  let pending: T[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = -Infinity;

  const run = () => {
    timer = null;
    last = Date.now();
    const items = pending;
    pending = [];
    flush(items);
  };

  return {
    push(item) {
      pending.push(item);
      if (timer) return;
      const wait = last + intervalMs - Date.now();
      if (wait <= 0) run();
      else timer = setTimeout(run, wait);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = [];
    },
  };
}
