// The right-hand panel for triage: everything about one order and what can be done to it,
// without leaving the queue (or the held-orders view), and why the rules put it where it is.
import { useState } from "react";
import { ApiError } from "../../api";
import type { Address, HoldReason, ManualAction, OrderDetail } from "../../bindings";
import type { NameBook } from "../../format/events";
import { formatMoney } from "../../format/money";
import { EmptyState, Spinner } from "../common/EmptyState";
import { TagChip } from "../common/TagChip";
import { AddressForm } from "../forms/AddressForm";
import { useReportError } from "../shell/errors";
import type { Submit } from "../forms/useSubmit";
import { AddressBlock } from "./AddressBlock";
import { DetailActions } from "./DetailActions";
import { DetailHeader } from "./DetailHeader";
import { HoldBanner } from "./HoldBanner";
import { LinesTable, Totals } from "./LinesTable";
import { Owned } from "./Owned";
import { holdRuleName } from "./ruleWords";
import { RulesWhy } from "./RulesWhy";
import { Section } from "./Section";
import { liveShipments, Shipments } from "./Shipments";
import { Timeline } from "./Timeline";

type Props = {
  detail: OrderDetail | null;
  loading: boolean;
  names: NameBook;
  now: Date;
  onClose: () => void;
  onRun: Submit<ManualAction>;
  /** Re-runs the rules on the open order (resolves to null, or to why it was refused). */
  onRerun?: () => Promise<string | null>;
  /** Releases the open order's partner_rejected / out_of_stock / unroutable hold and routes it again. */
  onReroute?: () => Promise<string | null>;
  /** Records an open partner shipment of the open order shipped with this parcel (resolves to null, or to why it was refused). */
  onConfirmShipment?: (shipment: string, carrier: string, tracking: string) => Promise<string | null>;
  /** Carriers the workspace knows: suggestions when a partner's tracking is entered by hand. */
  carriers?: string[];
};

/** An address just saved: the hold it had then, and the detail it was saved from. */
type AddressSaved = { heldFor: HoldReason | null; from: OrderDetail };

export function OrderDetailPanel({ detail, loading, names, now, onClose, onRun, onRerun, onReroute, onConfirmShipment, carriers }: Props) {
  // Both belong to one order: another order opened in the panel starts without them. (Kept by
  // id rather than reset in an effect, which could undo a click made right after the order loaded.)
  const [editingFor, setEditingFor] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [addressSaved, setAddressSaved] = useState<AddressSaved | null>(null);
  const report = useReportError();
  const id = detail?.order.id ?? null;
  if (id !== null && editingFor !== null && editingFor !== id) setEditingFor(null);
  if (id !== null && addressSaved && addressSaved.from.order.id !== id) setAddressSaved(null);
  const editingAddress = id !== null && editingFor === id;
  const setEditingAddress = (on: boolean) => setEditingFor(on ? id : null);

  if (!detail) {
    return (
      <aside className="detail" data-testid="order-detail" aria-busy={loading}>
        {loading ? (
          <div className="detail-loading">
            <Spinner label="Loading order" />
          </div>
        ) : (
          <EmptyState title="Order not available">It may have been removed. Pick another order from the queue.</EmptyState>
        )}
      </aside>
    );
  }

  const o = detail.order;
  const split = liveShipments(detail.shipments ?? []);
  const book: NameBook = {
    channelName: (cid) => (cid === detail.channel.id ? detail.channel.name : names.channelName(cid)),
    locationName: (lid) => (lid === detail.location?.id ? detail.location.name : names.locationName(lid)),
  };
  // Saving an address re-runs the rules, which lift an address hold once the address passes.
  const saveAddress: Submit<Address> = async (address) => {
    const heldFor = o.hold?.reason ?? null;
    const refused = await onRun({ action: "edit_ship_to", address });
    if (refused === null) setAddressSaved({ heldFor, from: detail });
    return refused;
  };
  const removeTag = async (tag: string) => {
    setRemoving(tag);
    try {
      const refused = await onRun({ action: "remove_tag", tag });
      if (refused) report(new ApiError("not_allowed", refused));
    } finally {
      setRemoving(null);
    }
  };

  return (
    <aside className="detail" data-testid="order-detail" data-order-id={o.id} aria-label={`Order ${o.number}`}>
      <DetailHeader detail={detail} now={now} onClose={onClose} />
      <DetailActions order={o} onRun={onRun} onRerun={onRerun} onReroute={onReroute} editingAddress={editingAddress} onEditAddress={() => setEditingAddress(!editingAddress)} />
      <div className="detail-scroll">
        {/* Only once the order has been read again after the save: before that it still shows the old hold. */}
        {addressSaved && addressSaved.from.order.id === o.id && addressSaved.from !== detail && <AddressSavedNote heldFor={addressSaved.heldFor} detail={detail} onDismiss={() => setAddressSaved(null)} />}
        {o.hold && (
          <HoldBanner hold={o.hold} now={now} ruleName={holdRuleName(detail)} owned={<Owned field="hold" owned={o.owned_fields} />} />
        )}

        <Section title={`Items · ${o.lines.reduce((n, l) => n + l.quantity, 0)}`}>
          <LinesTable order={o} />
          <Totals order={o} />
        </Section>

        <Shipments shipments={detail.shipments ?? []} now={now} onConfirm={onConfirmShipment} carriers={carriers} orderCarrier={o.carrier} />

        <div className="section-pair">
          <Section title="Ship to" aside={<Owned field="ship_to" owned={o.owned_fields} />} testId="ship-to">
            {editingAddress ? (
              <AddressForm
                initial={o.ship_to}
                onSubmit={saveAddress}
                onDone={() => setEditingAddress(false)}
                onCancel={() => setEditingAddress(false)}
              />
            ) : (
              <AddressBlock address={o.ship_to} />
            )}
          </Section>
          {!editingAddress && (
            <Section title="Bill to">
              {o.bill_to ? <AddressBlock address={o.bill_to} /> : <p className="muted">Same as ship-to</p>}
            </Section>
          )}
        </div>

        <Section title="Shipping">
          <dl className="facts">
            <div>
              <dt>
                Location <Owned field="location" owned={o.owned_fields} />
              </dt>
              <dd>
                {split.length > 1 ? (
                  <span title="Split: see Shipments">{[...new Set(split.map((x) => x.location_name))].join(" + ")}</span>
                ) : detail.location ? (
                  detail.location.name
                ) : o.location_id ? (
                  names.locationName(o.location_id)
                ) : (
                  <span className="muted">Not routed</span>
                )}
              </dd>
            </div>
            <div>
              <dt>
                Carrier · service <Owned field="carrier" owned={o.owned_fields} />
                <Owned field="service" owned={o.owned_fields} />
              </dt>
              <dd>{o.carrier ? [o.carrier, o.service].filter(Boolean).join(" · ") : <span className="muted">Not chosen</span>}</dd>
            </div>
            <div>
              <dt>Requested</dt>
              <dd>{o.requested_service ?? <span className="muted">—</span>}</dd>
            </div>
            <div>
              <dt>
                Options <Owned field="options" owned={o.owned_fields} />
              </dt>
              <dd>
                {[
                  o.options.signature && "Signature",
                  o.options.insurance !== null && `Insured ${formatMoney(o.options.insurance, o.currency)}`,
                  o.options.batch_group && `Batch ${o.options.batch_group}`,
                  o.gift && "Gift",
                ]
                  .filter(Boolean)
                  .join(" · ") || <span className="muted">None</span>}
              </dd>
            </div>
          </dl>
        </Section>

        <RulesWhy run={detail.rules} order={o} names={book} now={now} />

        <Section title="Customer">
          <div className="customer">
            <div>{o.customer.name}</div>
            {o.customer.email && <div className="muted">{o.customer.email}</div>}
            {o.customer.phone && <div className="muted">{o.customer.phone}</div>}
          </div>
          {o.customer_notes && (
            <blockquote className="customer-note" data-testid="customer-notes">
              {o.customer_notes}
            </blockquote>
          )}
          {o.internal_notes.length > 0 && (
            <ul className="internal-notes" data-testid="internal-notes">
              {o.internal_notes.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          )}
        </Section>

        <Section title="Tags" aside={<Owned field="tags" owned={o.owned_fields} />} testId="tags">
          {o.tags.length === 0 ? (
            <p className="muted">No tags</p>
          ) : (
            <div className="chips">
              {o.tags.map((t) => (
                <TagChip key={t} tag={t} disabled={removing !== null} onRemove={() => void removeTag(t)} />
              ))}
            </div>
          )}
        </Section>

        <Section title={`Timeline · ${detail.timeline.length}`}>
          <Timeline events={detail.timeline} names={book} now={now} />
        </Section>
      </div>
    </aside>
  );
}

/** What saving the address did to the order's hold, in words. */
function AddressSavedNote({ heldFor, detail, onDismiss }: { heldFor: HoldReason | null; detail: OrderDetail; onDismiss: () => void }) {
  const hold = detail.order.hold;
  const stillHeld = heldFor === "address_invalid" && hold?.reason === "address_invalid";
  const lifted = heldFor !== null && !hold;
  const text = stillHeld
    ? "Address saved, but the order is still held for its address."
    : lifted
      ? heldFor === "address_invalid"
        ? "Address saved. It passes the checks, so the address hold was lifted and the rules ran again."
        : "Address saved. The rules ran again and the hold was lifted."
      : "Address saved. The rules ran again.";
  return (
    <div className={`banner ${stillHeld ? "banner-warn" : "banner-ok"}`} role="status" data-testid="address-saved" data-hold-lifted={lifted}>
      <div className="banner-body">
        <strong>{text}</strong>
        {stillHeld && hold?.note && <span className="small">{hold.note}</span>}
      </div>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
