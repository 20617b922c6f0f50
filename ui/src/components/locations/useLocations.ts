// The locations, read on open, after every change made here, when orders change (routing adds
// to today's load and the open shipments) and every so often; and the partners' health, read the
// same way (hand-offs, acknowledgements and errors happen in the background).
import { api } from "../../api";
import { usePolledView } from "../../hooks/usePolledView";

const REFRESH_MS = 15_000;

export function useLocations(onError: (err: unknown) => void) {
  const { data: locations, failed, refresh } = usePolledView(() => api.locationsView(), REFRESH_MS, onError);
  return { locations, failed, refresh };
}

export function usePartners(onError: (err: unknown) => void) {
  const { data, failed, refresh } = usePolledView(() => api.partnersView(), REFRESH_MS, onError);
  return { partners: data?.partners ?? null, failed, refresh };
}
