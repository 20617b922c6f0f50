// The backend's partner SLA (crates/app/src/partners/health.rs): a partner acknowledges a
// hand-off within a day; past that, the hand-off counts as an SLA breach.
export const ACKNOWLEDGE_WITHIN_MS = 24 * 60 * 60_000;

/** Whether a hand-off made at `handedOffAt` and still unacknowledged at `now` breaches the SLA. */
export function acknowledgementLate(handedOffAt: string | null, now: Date): boolean {
  return handedOffAt !== null && now.getTime() - new Date(handedOffAt).getTime() > ACKNOWLEDGE_WITHIN_MS;
}
