// A clock for relative times ("5m ago", "in 3h"): re-renders once a minute, touches no backend.
import { useEffect, useState } from "react";

export function useNow(everyMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
