// Stock per SKU, one dense row each, low stock first: the product, what each location has
// available (on hand / reserved under it where orders hold units; all three on hover), the
// total available, what each channel may sell, and "Adjust", which opens the form under the row.
import { Fragment, useRef } from "react";
import type { ChannelColumn, LocationColumn, SkuStock, StockChange } from "../../bindings";
import { LOCATION_KIND_LABEL } from "../../domain/labels";
import { formatCount } from "../../format/numbers";
import type { Submit } from "../forms/useSubmit";
import { AdjustForm } from "./AdjustForm";
import { locationNames, stockTitle } from "./stockWords";

type Props = {
  rows: SkuStock[];
  locations: LocationColumn[];
  channels: ChannelColumn[];
  /** The SKU whose adjust form is open, if any. */
  adjusting: string | null;
  onAdjust: (sku: string | null) => void;
  onChange: Submit<StockChange>;
};

/** Low stock first, otherwise in the backend's order (by SKU): the rows that need a person lead. */
export function lowFirst(rows: SkuStock[]): SkuStock[] {
  return [...rows].sort((a, b) => Number(b.low) - Number(a.low));
}

/** Column widths in px, as stock.css sets them: the product name takes what is left, at least 200. */
const FIXED_WIDTH = 104 + 84 + 72 + 156;
const QTY_WIDTH = 70;

/** Tags worth a colour: what changes how a thing may ship. */
const NOTABLE_TAGS = new Set(["hazmat", "oversize", "oversized"]);

function channelTitle(c: ChannelColumn, name: (id: string) => string): string {
  const from = c.locations.length > 0 ? c.locations.map(name).join(", ") : "no location";
  return `What ${c.name} may sell: available at ${from}${c.buffer > 0 ? `, less ${formatCount(c.buffer)} kept back per SKU` : ""}`;
}

export function StockTable({ rows, locations, channels, adjusting, onAdjust, onChange }: Props) {
  const name = locationNames(locations);
  const n = formatCount;
  const columns = 4 + locations.length + channels.length;
  // Closing the form (saved, cancelled, Escape) puts the keyboard back on the row's button.
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const close = (sku: string) => {
    onAdjust(null);
    setTimeout(() => buttons.current.get(sku)?.focus(), 0);
  };
  return (
    <div className="stock-scroll">
      <table className="stock-table" data-testid="stock-table" style={{ minWidth: FIXED_WIDTH + QTY_WIDTH * (locations.length + channels.length) }}>
        <colgroup>
          <col className="col-sku" />
          <col className="col-name" />
          {locations.map((l) => (
            <col key={l.id} className="col-qty" />
          ))}
          <col className="col-total" />
          {channels.map((c) => (
            <col key={c.id} className="col-qty" />
          ))}
          <col className="col-actions" />
        </colgroup>
        <thead>
          <tr className="stock-groups">
            <th colSpan={2} />
            {locations.length > 0 && (
              <th colSpan={locations.length} scope="colgroup" className="group-head">
                Available by location
              </th>
            )}
            <th />
            {channels.length > 0 && (
              <th colSpan={channels.length} scope="colgroup" className="group-head">
                Sellable by channel
              </th>
            )}
            <th />
          </tr>
          <tr>
            <th scope="col">SKU</th>
            <th scope="col">Product</th>
            {locations.map((l) => (
              <th key={l.id} scope="col" className="num" data-testid="location-column" title={`${l.name} · ${LOCATION_KIND_LABEL[l.kind]}`}>
                <span className="col-title">{l.name}</span>
              </th>
            ))}
            <th scope="col" className="num">
              Available
            </th>
            {channels.map((c) => (
              <th key={c.id} scope="col" className="num" data-testid="channel-column" title={channelTitle(c, name)}>
                <span className="col-title">{c.name}</span>
                {c.buffer > 0 && <span className="col-sub">−{n(c.buffer)} buffer</span>}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const open = adjusting === r.sku;
            return (
              <Fragment key={r.sku}>
                <tr className={`stock-row ${r.low ? "is-low" : ""} ${open ? "is-open" : ""}`} data-testid="stock-row" data-sku={r.sku} data-low={r.low}>
                  <td className="stock-sku mono">{r.sku}</td>
                  <td className="stock-name">
                    <div className="stock-name-line">
                      <span className="stock-product" title={r.name}>
                        {r.name}
                      </span>
                      {r.tags.map((t) => (
                        <span key={t} className={`chip small ${NOTABLE_TAGS.has(t) ? `tag-${t}` : ""}`} data-tag={t}>
                          {t}
                        </span>
                      ))}
                    </div>
                  </td>
                  {locations.map((l) => {
                    const s = r.locations.find((x) => x.location_id === l.id);
                    if (!s)
                      return (
                        <td key={l.id} className="num stock-cell is-none" data-testid="stock-cell" data-location-id={l.id} title={`${l.name}: not stocked here`}>
                          —
                        </td>
                      );
                    return (
                      <td
                        key={l.id}
                        className={`num stock-cell ${s.available === 0 ? "is-empty" : ""}`}
                        data-testid="stock-cell"
                        data-location-id={l.id}
                        title={stockTitle(l.name, s)}
                      >
                        <span className="stock-available">{n(s.available)}</span>
                        {s.reserved > 0 && (
                          <span className="stock-split" aria-label={`${n(s.on_hand)} on hand, ${n(s.reserved)} reserved`}>
                            {n(s.on_hand)}/{n(s.reserved)}
                          </span>
                        )}
                      </td>
                    );
                  })}
                  <td className="num stock-total" data-testid="stock-total" title={`${n(r.on_hand)} on hand, ${n(r.reserved)} reserved in all`}>
                    {r.low && (
                      <span className="low-badge" data-testid="low-badge" title={`${n(r.available)} available, at or below the low-stock level of ${n(r.low_stock_at)}`}>
                        Low
                      </span>
                    )}
                    {n(r.available)}
                  </td>
                  {channels.map((c) => {
                    const q = r.channels.find((x) => x.channel_id === c.id)?.quantity ?? 0;
                    return (
                      <td key={c.id} className={`num stock-sellable ${q === 0 ? "is-empty" : ""}`} data-testid="sellable-cell" data-channel-id={c.id}>
                        {n(q)}
                      </td>
                    );
                  })}
                  <td className="stock-actions">
                    <button
                      ref={(el) => {
                        if (el) buttons.current.set(r.sku, el);
                        else buttons.current.delete(r.sku);
                      }}
                      type="button"
                      className={`button small ${open ? "is-pressed" : "ghost"}`}
                      data-testid="adjust-stock"
                      aria-expanded={open}
                      aria-label={`Adjust stock of ${r.sku}`}
                      onClick={() => onAdjust(open ? null : r.sku)}
                    >
                      Adjust
                    </button>
                  </td>
                </tr>
                {open && (
                  <tr className="adjust-row">
                    <td colSpan={columns}>
                      <AdjustForm row={r} locations={locations} onSubmit={onChange} onClose={() => close(r.sku)} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
