// One location: what it is and where, how full today is against its daily capacity (edited in
// place), how many shipments it holds, and for a partner its adapter and how it is keeping up.
import type { LocationView, PartnerHealth as PartnerReport } from "../../bindings";
import { isPartner, LOCATION_KIND_LABEL } from "../../domain/labels";
import { formatCount } from "../../format/numbers";
import type { Submit } from "../forms/useSubmit";
import { CapacityBar } from "./CapacityBar";
import { PartnerHealth } from "./PartnerHealth";

type Props = {
  location: LocationView;
  now: Date;
  onCapacity: Submit<number | null>;
  /** Partners only: `undefined` while partner health is read, `null` when none was reported for it. */
  health?: PartnerReport | null;
  /** Why partner health could not be read. */
  healthFailed?: string | null;
};

const ADAPTER_LABEL: Record<string, string> = {
  mcf: "Amazon MCF API",
  threepl: "3PL API",
  dropship_folder: "Drop-ship folder",
  dropship_email: "Drop-ship email",
  simulated: "Simulated partner",
};

/** An adapter the screen has no words for (a newer backend) still reads as itself. */
export function adapterLabel(adapter: string): string {
  return ADAPTER_LABEL[adapter] ?? adapter;
}

export function LocationCard({ location: l, now, onCapacity, health, healthFailed }: Props) {
  const partner = isPartner(l.kind);
  return (
    <article
      className={`location-card ${l.active ? "" : "is-inactive"}`}
      data-testid="location-card"
      data-location-id={l.id}
      data-kind={l.kind}
      aria-label={l.name}
    >
      <header className="location-head">
        <h3>{l.name}</h3>
        <span className={`kind-badge kind-${l.kind}`}>{LOCATION_KIND_LABEL[l.kind]}</span>
        {!l.active && <span className="kind-badge is-inactive">Inactive</span>}
      </header>
      <div className="location-where muted small">
        {[l.postal_code, l.country].filter((s) => s.trim() !== "").join(" · ") || "No address"}
      </div>
      <CapacityBar location={l} onSave={onCapacity} />
      <dl className="location-facts">
        <div>
          <dt>Open shipments</dt>
          <dd data-testid="open-shipments">{formatCount(l.open_shipments)}</dd>
        </div>
        {partner && l.adapter && l.adapter !== "none" && (
          <div>
            <dt>Adapter</dt>
            <dd data-testid="adapter" title={l.adapter}>
              {adapterLabel(l.adapter)}
            </dd>
          </div>
        )}
      </dl>
      {partner && <PartnerHealth health={health} failed={healthFailed} now={now} />}
    </article>
  );
}
