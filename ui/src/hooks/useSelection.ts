// Multi-select over the loaded rows: toggles, shift-click ranges from the last anchor, select all.
import { useCallback, useState } from "react";

export type Selection = {
  selected: ReadonlySet<string>;
  /** Toggle `id`; with `range`, set every row between the anchor and `id` to the anchor's new state. */
  toggle: (id: string, range: boolean) => void;
  setAll: (ids: readonly string[]) => void;
  clear: () => void;
  /** Keep only ids still present (after a refresh moved orders out of the view). */
  keepOnly: (ids: ReadonlySet<string>) => void;
  remove: (ids: readonly string[]) => void;
};

export function useSelection(order: readonly string[]): Selection {
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [anchor, setAnchor] = useState<string | null>(null);

  const toggle = useCallback(
    (id: string, range: boolean) => {
      setSelected((prev) => {
        const next = new Set(prev);
        const from = anchor === null ? -1 : order.indexOf(anchor);
        const to = order.indexOf(id);
        if (range && from >= 0 && to >= 0) {
          // The range takes the anchor's state, like file managers do.
          const on = prev.has(anchor as string);
          const [a, b] = from < to ? [from, to] : [to, from];
          for (let i = a; i <= b; i++) {
            if (on) next.add(order[i]);
            else next.delete(order[i]);
          }
        } else if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      });
      setAnchor(id);
    },
    [anchor, order],
  );

  const setAll = useCallback((ids: readonly string[]) => setSelected(new Set(ids)), []);
  const clear = useCallback(() => {
    setSelected(new Set());
    setAnchor(null);
  }, []);
  const keepOnly = useCallback((ids: ReadonlySet<string>) => {
    setSelected((prev) => {
      const next = new Set([...prev].filter((id) => ids.has(id)));
      return next.size === prev.size ? prev : next;
    });
  }, []);
  const remove = useCallback((ids: readonly string[]) => {
    setSelected((prev) => {
      const next = new Set(prev);
      ids.forEach((id) => next.delete(id));
      return next;
    });
  }, []);

  return { selected, toggle, setAll, clear, keepOnly, remove };
}
