// The add-location form's values turned into what the backend takes, a daily capacity typed
// in a box (empty is no limit), and a backend refusal placed on the field it names: the
// backend starts its message with the field (`name: a location needs a name`, `country: …`).
import type { LocationKind, NewLocation } from "../../bindings";

export type LocationField = "name" | "kind" | "postal_code" | "country" | "daily_capacity";

export type LocationDraft = { name: string; kind: LocationKind; postal_code: string; country: string; capacity: string };

export type LocationProblems = Partial<Record<LocationField, string>>;

export const EMPTY_LOCATION: LocationDraft = { name: "", kind: "warehouse", postal_code: "", country: "US", capacity: "" };

/** Shipments a day: a whole number, or null for no limit (an empty box); undefined when unreadable. */
export function parseCapacity(text: string): number | null | undefined {
  const t = text.trim();
  if (t === "") return null;
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return n <= 0xffff_ffff ? n : undefined;
}

export const CAPACITY_PROBLEM = "A whole number of shipments a day, or empty for no limit";

export function buildNewLocation(d: LocationDraft): { ok: true; location: NewLocation } | { ok: false; problems: LocationProblems } {
  const problems: LocationProblems = {};
  if (d.name.trim() === "") problems.name = "Required";
  const capacity = parseCapacity(d.capacity);
  if (capacity === undefined) problems.daily_capacity = CAPACITY_PROBLEM;
  if (Object.keys(problems).length > 0 || capacity === undefined) return { ok: false, problems };
  return {
    ok: true,
    location: {
      name: d.name.trim(),
      kind: d.kind,
      postal_code: d.postal_code.trim(),
      country: d.country.trim().toUpperCase(),
      daily_capacity: capacity,
    },
  };
}

const ALIASES: Record<string, LocationField> = {
  name: "name",
  kind: "kind",
  postal_code: "postal_code",
  postal: "postal_code",
  country: "country",
  daily_capacity: "daily_capacity",
  capacity: "daily_capacity",
};

/** The field a refusal is about (its `field:` prefix, not shown again) and the text to show. */
export function placeLocationRefusal(message: string): { field: LocationField | null; text: string } {
  const m = /^([a-z_]+):\s*([\s\S]+)$/.exec(message);
  const field = m ? ALIASES[m[1]] : undefined;
  return field && m ? { field, text: m[2] } : { field: null, text: message };
}
