// The values the filter pickers offer (channels, locations, carriers, tags); also names for ids.
// `onError` must be stable (the error context's `report` is).
import { useCallback, useEffect, useState } from "react";
import { api } from "../api";
import type { Facets } from "../bindings";

const NONE: Facets = { channels: [], locations: [], carriers: [], tags: [] };

export function useFacets(onError: (err: unknown) => void) {
  const [facets, setFacets] = useState<Facets>(NONE);
  const refresh = useCallback(() => {
    api.facets().then(setFacets, onError);
  }, [onError]);
  useEffect(refresh, [refresh]);
  return { facets, refresh };
}
