// The queue's view state (everything but the status tab and the search text) and how it maps
// onto the backend's OrderFilter.
import type { HoldReason, OrderFilter, OrderStatus } from "../../bindings";
import { dayEndIso, dayStartIso } from "../../format/dates";

export type QueueFilters = {
  channel_id: string | null;
  location_id: string | null;
  hold_reason: HoldReason | null;
  tag: string | null;
  carrier: string | null;
  /** Local calendar days (YYYY-MM-DD) as the date inputs hold them. */
  placed_from: string | null;
  placed_to: string | null;
};

export const NO_FILTERS: QueueFilters = {
  channel_id: null,
  location_id: null,
  hold_reason: null,
  tag: null,
  carrier: null,
  placed_from: null,
  placed_to: null,
};

export function hasFilters(f: QueueFilters): boolean {
  return Object.values(f).some((v) => v !== null);
}

export function toOrderFilter(status: OrderStatus | null, f: QueueFilters, search: string): OrderFilter {
  const q = search.trim();
  return {
    status,
    channel_id: f.channel_id,
    location_id: f.location_id,
    hold_reason: f.hold_reason,
    tag: f.tag,
    carrier: f.carrier,
    placed_from: f.placed_from ? dayStartIso(f.placed_from) : null,
    placed_to: f.placed_to ? dayEndIso(f.placed_to) : null,
    search: q === "" ? null : q,
  };
}
