// The "then" of a rule: only the actions its stage allows, each with the settings it needs.
// Locations come from the workspace (own locations for "ship from", partners for "route to").
import { useId } from "react";
import type { Action, Facets, HoldReason, Location, Stage } from "../../bindings";
import { HOLD_REASON_LABEL, HOLD_REASONS, LOCATION_KIND_LABEL } from "../../domain/labels";
import { ACTIONS, actionKey, actionsOfStage, STAGE_INFO, type ActionKey } from "../../domain/ruleFields";
import { defaultAction, firstActionFor, type PlacedProblem } from "./draft";
import { InlineProblems } from "./InlineProblems";
import { NumberInput } from "./NumberInput";

type Props = {
  stage: Stage;
  actions: Action[];
  onChange: (actions: Action[]) => void;
  facets: Facets;
  problemsAt: (path: string) => PlacedProblem[];
};

export function ActionEditor({ stage, actions, onChange, facets, problemsAt }: Props) {
  const fresh = firstActionFor(stage, facets);
  return (
    <div className="action-editor" data-testid="action-editor">
      <InlineProblems problems={problemsAt("then")} />
      {actions.map((action, i) => (
        <ActionRow
          key={i}
          stage={stage}
          action={action}
          facets={facets}
          problems={problemsAt(`then[${i}]`)}
          onChange={(a) => onChange(actions.map((x, j) => (j === i ? a : x)))}
          onRemove={() => onChange(actions.filter((_, j) => j !== i))}
        />
      ))}
      <div className="cond-add">
        <button
          type="button"
          className="button small ghost"
          data-testid="add-action"
          disabled={!fresh}
          title={fresh ? undefined : "This workspace has no location to route to yet"}
          onClick={() => fresh && onChange([...actions, fresh])}
        >
          + Action
        </button>
      </div>
    </div>
  );
}

function isOwn(l: Location) {
  return l.kind === "warehouse" || l.kind === "store";
}

function ActionRow({
  stage,
  action,
  facets,
  problems,
  onChange,
  onRemove,
}: {
  stage: Stage;
  action: Action;
  facets: Facets;
  problems: PlacedProblem[];
  onChange: (a: Action) => void;
  onRemove: () => void;
}) {
  const kind = actionKey(action);
  const kinds = actionsOfStage(stage);
  const misplaced = !kinds.includes(kind);
  return (
    <div className={`action-row ${problems.some((p) => p.severity === "error") ? "has-error" : ""}`} data-testid="action-row" data-action={kind}>
      <div className="action-line">
        <select
          className="action-kind"
          data-testid="action-kind-select"
          aria-label="Action"
          value={kind}
          onChange={(e) => {
            const next = defaultAction(e.target.value as ActionKey, facets);
            if (next) onChange(next);
          }}
        >
          {misplaced && (
            <option value={kind}>
              {ACTIONS[kind].label} ({STAGE_INFO[ACTIONS[kind].stage].label} stage)
            </option>
          )}
          {kinds.map((k) => {
            const possible = k === kind || defaultAction(k, facets) !== null;
            return (
              <option key={k} value={k} disabled={!possible}>
                {ACTIONS[k].label}
                {possible ? "" : " (no such location)"}
              </option>
            );
          })}
        </select>
        <ActionFields action={action} facets={facets} onChange={onChange} />
        <button type="button" className="icon-button action-remove" aria-label="Remove action" title="Remove action" data-testid="remove-action" onClick={onRemove}>
          ×
        </button>
      </div>
      <InlineProblems problems={problems} />
    </div>
  );
}

function ActionFields({ action, facets, onChange }: { action: Action; facets: Facets; onChange: (a: Action) => void }) {
  const listId = useId();
  if (action === "require_signature") return <span className="muted action-note">The carrier collects a signature on delivery.</span>;
  if ("hold" in action && action.hold) {
    const h = action.hold;
    const set = (patch: Partial<typeof h>) => {
      const next = { ...h, ...patch };
      if (next.release_after_minutes == null) delete next.release_after_minutes;
      onChange({ hold: next });
    };
    return (
      <span className="action-fields">
        <select aria-label="Hold reason" data-testid="hold-reason-select" value={h.reason} onChange={(e) => set({ reason: e.target.value as HoldReason })}>
          {HOLD_REASONS.map((r) => (
            <option key={r} value={r}>
              {HOLD_REASON_LABEL[r]}
            </option>
          ))}
        </select>
        <input
          type="text"
          className="grow"
          aria-label="Note for the reviewer"
          data-testid="hold-note-input"
          placeholder={h.reason === "custom" ? "Why it is held (required)" : "What should the reviewer check?"}
          value={h.note ?? ""}
          onChange={(e) => set({ note: e.target.value })}
        />
        <span className="action-inline-label muted">release after</span>
        <NumberInput
          value={h.release_after_minutes ?? null}
          unit="minutes"
          optional
          label="Release after minutes"
          testId="hold-release-input"
          onChange={(n) => set({ release_after_minutes: n })}
        />
      </span>
    );
  }
  const place =
    "route_to_partner" in action && action.route_to_partner
      ? { partner: true, current: action.route_to_partner.location_id }
      : "assign_location" in action && action.assign_location
        ? { partner: false, current: action.assign_location.location_id }
        : null;
  if (place) {
    const { partner, current } = place;
    const choices = facets.locations.filter((l) => isOwn(l) !== partner);
    const known = facets.locations.find((l) => l.id === current);
    const set = (location_id: string) => onChange(partner ? { route_to_partner: { location_id } } : { assign_location: { location_id } });
    return (
      <span className="action-fields">
        <select aria-label={partner ? "Partner" : "Location"} data-testid="location-select" value={current} onChange={(e) => set(e.target.value)}>
          {(!known || !choices.includes(known)) && <option value={current}>{known ? `${known.name} (${LOCATION_KIND_LABEL[known.kind]})` : `Unknown location ${current}`}</option>}
          {choices.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name} · {LOCATION_KIND_LABEL[l.kind]}
            </option>
          ))}
        </select>
      </span>
    );
  }
  if ("set_service" in action && action.set_service) {
    const s = action.set_service;
    const set = (patch: Partial<typeof s>) => {
      const next = { ...s, ...patch };
      if (next.package == null || next.package === "") delete next.package;
      onChange({ set_service: next });
    };
    return (
      <span className="action-fields">
        <input type="text" aria-label="Carrier" data-testid="carrier-input" placeholder="Carrier" list={listId} value={s.carrier} onChange={(e) => set({ carrier: e.target.value })} />
        <datalist id={listId}>
          {facets.carriers.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <input type="text" aria-label="Service" data-testid="service-input" placeholder="Service" value={s.service} onChange={(e) => set({ service: e.target.value })} />
        <input
          type="text"
          aria-label="Package (optional)"
          data-testid="package-input"
          placeholder="Package (optional)"
          value={s.package ?? ""}
          onChange={(e) => set({ package: e.target.value })}
        />
      </span>
    );
  }
  if ("add_insurance" in action && action.add_insurance !== undefined) {
    const ins = action.add_insurance;
    const amount = ins === "order_value" ? null : ins.amount;
    return (
      <span className="action-fields">
        <select
          aria-label="Insure for"
          data-testid="insurance-kind-select"
          value={amount === null ? "order_value" : "amount"}
          onChange={(e) => onChange({ add_insurance: e.target.value === "order_value" ? "order_value" : { amount: amount ?? 10000 } })}
        >
          <option value="order_value">the order value</option>
          <option value="amount">a fixed amount</option>
        </select>
        {amount !== null && (
          <NumberInput value={amount} unit="money" label="Insured amount" testId="insurance-amount-input" onChange={(n) => onChange({ add_insurance: { amount: n ?? 0 } })} />
        )}
      </span>
    );
  }
  if ("add_tag" in action && action.add_tag) {
    return (
      <span className="action-fields">
        <input type="text" aria-label="Tag" data-testid="tag-input" placeholder="Tag" list={listId} value={action.add_tag.tag} onChange={(e) => onChange({ add_tag: { tag: e.target.value } })} />
        <datalist id={listId}>
          {facets.tags.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </span>
    );
  }
  if ("add_note" in action && action.add_note) {
    return (
      <span className="action-fields">
        <input type="text" className="grow" aria-label="Note" data-testid="note-input" placeholder="Internal note" value={action.add_note.note} onChange={(e) => onChange({ add_note: { note: e.target.value } })} />
      </span>
    );
  }
  if ("set_batch_group" in action && action.set_batch_group) {
    return (
      <span className="action-fields">
        <input
          type="text"
          aria-label="Batch group"
          data-testid="batch-group-input"
          placeholder="Batch group"
          value={action.set_batch_group.group}
          onChange={(e) => onChange({ set_batch_group: { group: e.target.value } })}
        />
      </span>
    );
  }
  return <code className="cond-raw">{JSON.stringify(action)}</code>;
}
