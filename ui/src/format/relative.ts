// Times for the sync screens: how long ago something ran, how soon the next run is, a schedule,
// and the clock time an outage started.
import { placedLabel } from "./dates";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "12m ago", "5h ago", then a short date (like the queue's dates). */
export function agoLabel(iso: string, now: Date, locale?: string): string {
  return placedLabel(iso, now, locale);
}

/** "in 40s", "in 3m", "in 2h", "in 3d"; "now" once the time has come. */
export function untilLabel(iso: string, now: Date): string {
  const left = new Date(iso).getTime() - now.getTime();
  if (left < SECOND) return "now";
  if (left < MINUTE) return `in ${Math.ceil(left / SECOND)}s`;
  if (left < HOUR) return `in ${Math.round(left / MINUTE)}m`;
  if (left < DAY) return `in ${Math.round(left / HOUR)}h`;
  return `in ${Math.round(left / DAY)}d`;
}

/** A schedule: "every 30 s", "every minute", "every 5 min", "every hour", "every 6 h". */
export function everyLabel(secs: number): string {
  if (secs < 60) return `every ${secs} s`;
  if (secs === 60) return "every minute";
  if (secs < 3600) return `every ${Math.round(secs / 60)} min`;
  if (secs === 3600) return "every hour";
  return `every ${Math.round(secs / 3600)} h`;
}

/** Local clock time, 24-hour: "10:42" (today's outages are read against the wall clock). */
export function clockTime(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

/** How long ago, in the unit a wait is read in: "just now", "40 min ago", "27 h ago" (up to two days), "3 d ago". */
export function elapsedLabel(iso: string, now: Date): string {
  const diff = Math.max(0, now.getTime() - new Date(iso).getTime());
  if (diff < MINUTE) return "just now";
  if (diff < HOUR) return `${Math.floor(diff / MINUTE)} min ago`;
  if (diff < 2 * DAY) return `${Math.floor(diff / HOUR)} h ago`;
  return `${Math.floor(diff / DAY)} d ago`;
}
