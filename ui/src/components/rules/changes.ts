// Field changes (from a dry run or a test on an order) in people's words: field names, status
// and hold reason labels, location names instead of ids.
import type { Facets, FieldChange, HoldReason, OrderStatus } from "../../bindings";
import { HOLD_REASON_LABEL, STATUS_LABEL } from "../../domain/labels";

export const FIELD_LABEL: Record<string, string> = {
  status: "Status",
  hold: "Hold",
  location: "Location",
  carrier: "Carrier",
  service: "Service",
  package: "Package",
  signature: "Signature",
  insurance: "Insurance",
  batch_group: "Batch group",
  tags: "Tags",
  notes: "Notes",
};

export function fieldLabel(field: string): string {
  return FIELD_LABEL[field] ?? field.replace(/_/g, " ");
}

export function changeValue(field: string, value: string | null, facets: Facets): string {
  if (value === null || value === "") return "—";
  switch (field) {
    case "status":
      return STATUS_LABEL[value as OrderStatus] ?? value;
    case "location":
      return facets.locations.find((l) => l.id === value)?.name ?? value;
    case "hold": {
      const i = value.indexOf(": ");
      const reason = (i >= 0 ? value.slice(0, i) : value) as HoldReason;
      const label = HOLD_REASON_LABEL[reason];
      if (!label) return value;
      return i >= 0 ? `${label}: ${value.slice(i + 2)}` : label;
    }
    default:
      return value;
  }
}

export function describeChange(c: FieldChange, facets: Facets): string {
  return `${fieldLabel(c.field)}: ${changeValue(c.field, c.before, facets)} → ${changeValue(c.field, c.after, facets)}`;
}
