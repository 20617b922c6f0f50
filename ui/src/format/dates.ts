// Dates as operators read them: recent things relative, older ones short, full text on hover.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function fullDateTime(iso: string, locale?: string): string {
  return new Date(iso).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" });
}

export function shortDate(iso: string, now: Date, locale?: string): string {
  const d = new Date(iso);
  const sameYear = d.getFullYear() === now.getFullYear();
  return d.toLocaleDateString(locale, sameYear ? { month: "short", day: "numeric" } : { month: "short", day: "numeric", year: "numeric" });
}

/** "just now", "12m ago", "5h ago", then a short date. */
export function placedLabel(iso: string, now: Date, locale?: string): string {
  const diff = now.getTime() - new Date(iso).getTime();
  if (diff < MINUTE) return "just now";
  if (diff < HOUR) return `${Math.floor(diff / MINUTE)}m ago`;
  if (diff < DAY) return `${Math.floor(diff / HOUR)}h ago`;
  return shortDate(iso, now, locale);
}

export type ShipByUrgency = "late" | "soon" | "ok";

/** Late when past, soon within 24 h: both are shown in red so nothing slips. */
export function shipByUrgency(iso: string, now: Date): ShipByUrgency {
  const left = new Date(iso).getTime() - now.getTime();
  if (left < 0) return "late";
  if (left <= DAY) return "soon";
  return "ok";
}

function span(ms: number): string {
  if (ms < HOUR) return `${Math.max(1, Math.round(ms / MINUTE))}m`;
  if (ms < DAY) return `${Math.round(ms / HOUR)}h`;
  return `${Math.round(ms / DAY)}d`;
}

/** "in 5h", "3h late", or a short date when it is comfortably far. */
export function shipByLabel(iso: string, now: Date, locale?: string): string {
  const left = new Date(iso).getTime() - now.getTime();
  if (left < 0) return `${span(-left)} late`;
  if (left <= 2 * DAY) return `in ${span(left)}`;
  return shortDate(iso, now, locale);
}

/** Start of a local calendar day (YYYY-MM-DD from a date input) as an RFC 3339 instant. */
export function dayStartIso(day: string): string {
  return new Date(`${day}T00:00:00`).toISOString();
}

/** Last millisecond of a local calendar day, so "to" includes the whole day. */
export function dayEndIso(day: string): string {
  return new Date(`${day}T23:59:59.999`).toISOString();
}

/** YYYY-MM-DD of a date in local time (what a date input shows). */
export function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Value for a datetime-local input ⇄ RFC 3339. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
