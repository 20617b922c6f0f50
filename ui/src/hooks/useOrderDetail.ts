// The open order's full detail; reloadable when the order changes underneath it.
import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../api";
import type { OrderDetail } from "../bindings";

export function useOrderDetail(id: string | null, onError: (err: unknown) => void) {
  const [detail, setDetail] = useState<OrderDetail | null>(null);
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  const reload = useCallback(() => {
    const ask = ++latest.current;
    if (id === null) {
      setDetail(null);
      return;
    }
    setLoading(true);
    api
      .orderDetail(id)
      .then((d) => {
        if (ask === latest.current) setDetail(d);
      })
      .catch((err) => {
        if (ask === latest.current) onErrorRef.current(err);
      })
      .finally(() => {
        if (ask === latest.current) setLoading(false);
      });
  }, [id]);

  useEffect(reload, [reload]);

  // Only show a detail that belongs to the requested id (avoids a flash of the previous order).
  const shown = detail && detail.order.id === id ? detail : null;
  return { detail: shown, loading, reload };
}
