// Locations & partners: where orders ship from. Our own warehouses and stores, then the partners
// who ship for us (3PLs, Amazon MCF, drop-ship vendors), each with today's load against its
// daily capacity (editable in place) and its open shipments, and for partners how each is keeping
// up (backlog, acknowledgements, errors, SLA breaches) with its latest hand-offs; adding a location.
import { useMemo, useState } from "react";
import { api, isFatal } from "../../api";
import type { LocationView } from "../../bindings";
import { isPartner } from "../../domain/labels";
import { formatCount } from "../../format/numbers";
import { useNow } from "../../hooks/useNow";
import { EmptyState, Spinner } from "../common/EmptyState";
import type { Submit } from "../forms/useSubmit";
import { useReportError } from "../shell/errors";
import { AddLocationForm } from "./AddLocationForm";
import { LocationCard } from "./LocationCard";
import { useLocations, usePartners } from "./useLocations";
import "../../styles/sync.css";
import "../../styles/stock.css";
import { NotLoaded } from "../common/NotLoaded";

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Own places first, then partners; each by name (the backend's order, kept whatever it sends). */
export function groupLocations(all: LocationView[]): { own: LocationView[]; partners: LocationView[] } {
  const byName = [...all].sort((a, b) => a.name.localeCompare(b.name));
  return { own: byName.filter((l) => !isPartner(l.kind)), partners: byName.filter((l) => isPartner(l.kind)) };
}

export function LocationsPage() {
  const report = useReportError();
  const now = useNow();
  const { locations, failed, refresh } = useLocations(report);
  const { partners, failed: partnersFailed, refresh: refreshPartners } = usePartners(report);
  const health = useMemo(() => new Map((partners ?? []).map((p) => [p.id, p])), [partners]);
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<string | null>(null);

  const setCapacity =
    (l: LocationView): Submit<number | null> =>
    async (capacity) => {
      try {
        await api.setLocationCapacity(l.id, capacity);
        refresh();
        return null;
      } catch (err) {
        if (isFatal(err)) report(err);
        return message(err);
      }
    };

  const groups = locations ? groupLocations(locations) : null;
  const card = (l: LocationView) => (
    <LocationCard
      key={l.id}
      location={l}
      now={now}
      onCapacity={setCapacity(l)}
      health={partners ? (health.get(l.id) ?? null) : undefined}
      healthFailed={partners ? null : partnersFailed}
    />
  );

  return (
    <div className="sync-page locations-page" data-testid="locations-page">
      <header className="sync-head">
        <div className="sync-title">
          <h1>Locations &amp; partners</h1>
          {groups && (
            <span className="muted" data-testid="locations-summary">
              {formatCount(groups.own.length)} own · {formatCount(groups.partners.length)} partner{groups.partners.length === 1 ? "" : "s"}
            </span>
          )}
        </div>
        {!adding && (
          <button type="button" className="button primary small" data-testid="add-location" disabled={!locations} onClick={() => setAdding(true)}>
            Add location
          </button>
        )}
      </header>

      <div className="sync-body">
        {adding && (
          <section className="sync-panel" aria-label="Add a location">
            <h2>Add a location</h2>
            <AddLocationForm
              onCancel={() => setAdding(false)}
              onSaved={(name) => {
                setAdding(false);
                setAdded(name);
                refresh();
                refreshPartners();
              }}
            />
          </section>
        )}
        {added && (
          <div className="banner banner-ok" role="status" data-testid="location-added">
            <div className="banner-body">
              <span>
                <strong>{added}</strong> was added. Routing can send orders there from now on.
              </span>
            </div>
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setAdded(null)}>
              ×
            </button>
          </div>
        )}

        <NotLoaded
          loaded={locations !== null}
          failed={failed}
          loading="Loading locations"
          failedTitle="Locations could not be read"
          testId="locations-failed"
          onRetry={refresh}
        />
        {groups && groups.own.length + groups.partners.length === 0 && !adding && (
          <EmptyState title="No locations yet" testId="locations-empty">
            Add the warehouses and stores you ship from, and the partners who ship for you.
          </EmptyState>
        )}

        {groups && groups.own.length > 0 && (
          <section className="location-group" data-testid="locations-own" aria-labelledby="locations-own-title">
            <h2 id="locations-own-title">
              Own locations <span className="section-hint">warehouses and stores you pick and pack in</span>
            </h2>
            <div className="location-grid">{groups.own.map(card)}</div>
          </section>
        )}
        {groups && groups.partners.length > 0 && (
          <section className="location-group" data-testid="locations-partners" aria-labelledby="locations-partners-title">
            <h2 id="locations-partners-title">
              Partners <span className="section-hint">3PLs, Amazon MCF and drop-ship vendors who ship for you</span>
            </h2>
            <div className="location-grid">{groups.partners.map(card)}</div>
          </section>
        )}
      </div>
    </div>
  );
}
