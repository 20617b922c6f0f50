// Live refresh without polling: listen to the backend's committed-change events and hand the
// union of changed ids to `onChange`, at most once per `intervalMs`. An event with no ids means
// "too many to list" (a seed, a bulk import): `onChange` then gets null, i.e. everything.
import { useEffect, useRef } from "react";
import { api } from "../api";
import type { OrdersChanged } from "../bindings";
import { gatherThrottle } from "./throttle";

export const REFRESH_INTERVAL_MS = 500;

export function useOrdersChanged(onChange: (ids: Set<string> | null) => void, intervalMs = REFRESH_INTERVAL_MS): void {
  const handler = useRef(onChange);
  handler.current = onChange;

  useEffect(() => {
    const throttle = gatherThrottle<OrdersChanged>((changes) => {
      const everything = changes.some((c) => c.ids.length === 0);
      handler.current(everything ? null : new Set(changes.flatMap((c) => c.ids)));
    }, intervalMs);
    let unlisten: (() => void) | null = null;
    let gone = false;
    api
      .onOrdersChanged((change) => throttle.push(change))
      .then((off) => {
        if (gone) off();
        else unlisten = off;
      })
      .catch(() => {
        // Without events the screen still works; it just refreshes on the user's own actions.
      });
    return () => {
      gone = true;
      throttle.cancel();
      unlisten?.();
    };
  }, [intervalMs]);
}
