// The inventory at a glance: how many SKUs, how many are low, units on the shelves and units
// already promised to orders.
import type { InventoryView } from "../../bindings";
import { formatCount } from "../../format/numbers";

export function InventoryTiles({ view }: { view: InventoryView | null }) {
  const n = (v: number | undefined) => (v === undefined ? "–" : formatCount(v));
  const low = view?.low_skus ?? 0;
  return (
    <dl className="stock-tiles" aria-label="Inventory in total">
      <div className="stock-tile">
        <dt>SKUs</dt>
        <dd data-testid="tile-skus">{n(view?.total_skus)}</dd>
      </div>
      <div className={`stock-tile ${low > 0 ? "is-low" : ""}`}>
        <dt>Low stock</dt>
        <dd data-testid="tile-low">{n(view?.low_skus)}</dd>
      </div>
      <div className="stock-tile">
        <dt>Units on hand</dt>
        <dd data-testid="tile-on-hand">{n(view?.units_on_hand)}</dd>
      </div>
      <div className="stock-tile">
        <dt>Reserved for orders</dt>
        <dd data-testid="tile-reserved">{n(view?.units_reserved)}</dd>
      </div>
    </dl>
  );
}
