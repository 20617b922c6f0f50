// Which database is open, how many orders it holds, and whether the demo store is live; kept
// current by the backend's change events.
import { useCallback, useEffect, useState } from "react";
import { api } from "../api";
import type { WorkspaceInfo } from "../bindings";
import { useOrdersChanged } from "./useOrdersChanged";

export function useWorkspace(onError: (err: unknown) => void) {
  const [info, setInfo] = useState<WorkspaceInfo | null>(null);
  const refresh = useCallback(() => {
    api.workspaceInfo().then(setInfo, onError);
  }, [onError]);
  useEffect(refresh, [refresh]);
  // The order count moves with imports and seeds; follow the same committed-change events.
  useOrdersChanged(refresh);
  return { info, refresh };
}
