// Time words for held orders: how long an order has waited, and how long is left before its
// ship-by date. The thresholds match the backend's held overview (crates/store/src/orders/holds.rs):
// overdue = ship-by already passed, due today = ship-by within the next 24 hours.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** "12 min", "5 h", "3 d": whole units, rounded down, never "0". */
export function span(ms: number): string {
  if (ms < HOUR) return `${Math.max(1, Math.floor(ms / MINUTE))} min`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h`;
  return `${Math.floor(ms / DAY)} d`;
}

export type SlaLevel = "overdue" | "soon" | "later" | "none";

export type Sla = { level: SlaLevel; text: string };

/** Time left before ship-by: "overdue 3 h" (red), "due in 5 h" (amber, within 24 h), "due in 3 d", none. */
export function slaOf(shipBy: string | null, now: Date): Sla {
  if (!shipBy) return { level: "none", text: "no ship-by" };
  const left = new Date(shipBy).getTime() - now.getTime();
  if (left < 0) return { level: "overdue", text: `overdue ${span(-left)}` };
  if (left < DAY) return { level: "soon", text: `due in ${span(left)}` };
  return { level: "later", text: `due in ${span(left)}` };
}

/** How long an order has been held: "40 min", "5 h", "2 d". */
export function heldFor(placedAt: string, now: Date): string {
  return span(Math.max(0, now.getTime() - new Date(placedAt).getTime()));
}

/** When a timed hold lifts itself, relative: "releases in 2 h", or "releasing now" once due. */
export function releasesIn(releaseAt: string, now: Date): string {
  const left = new Date(releaseAt).getTime() - now.getTime();
  return left <= 0 ? "releasing now" : `releases in ${span(left)}`;
}
