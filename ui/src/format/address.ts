// Addresses as lines for display, and field-by-field differences for the timeline.
import type { Address } from "../bindings";

export function addressLines(a: Address): string[] {
  const cityLine = [a.city, [a.region, a.postal_code].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  return [a.name, a.company, a.line1, a.line2, cityLine, a.country].filter((l): l is string => !!l && l.trim() !== "");
}

const FIELDS: (keyof Address)[] = ["name", "company", "line1", "line2", "city", "region", "postal_code", "country", "phone", "residential"];

const FIELD_LABEL: Record<keyof Address, string> = {
  name: "name",
  company: "company",
  line1: "address line 1",
  line2: "address line 2",
  city: "city",
  region: "region",
  postal_code: "postal code",
  country: "country",
  phone: "phone",
  residential: "residential",
};

export function addressChanges(before: Address, after: Address): string[] {
  const show = (v: Address[keyof Address]) => (v === null || v === "" ? "—" : String(v));
  return FIELDS.filter((f) => before[f] !== after[f]).map((f) => `${FIELD_LABEL[f]}: ${show(before[f])} → ${show(after[f])}`);
}
