// Which database is open, how many orders it holds, and whether the demo store is live.
import { useCallback, useEffect, useState } from "react";
import { api } from "../api";
import type { WorkspaceInfo } from "../bindings";

export function useWorkspace(onError: (err: unknown) => void) {
  const [info, setInfo] = useState<WorkspaceInfo | null>(null);
  const refresh = useCallback(() => {
    api.workspaceInfo().then(setInfo, onError);
  }, [onError]);
  useEffect(refresh, [refresh]);
  return { info, refresh };
}
