// The channels overview, read on open, after every action, when orders arrive (a sync just ran)
// and every so often, so "last sync" and errors stay current while the screen is open.
import { api } from "../../api";
import { usePolledView } from "../../hooks/usePolledView";

const REFRESH_MS = 15_000;

export function useChannelsOverview(onError: (err: unknown) => void) {
  const { data: overview, failed, refresh } = usePolledView(() => api.channelsOverview(), REFRESH_MS, onError);
  return { overview, failed, refresh };
}
