// What the rules decided for the order, each value with the rule that decided it; fields a person
// owns are marked as kept (a rule wanted to change them and was not allowed to).
import type { ReactNode } from "react";
import type { DecisionRecord, OwnedField } from "../../bindings";
import { HOLD_REASON_LABEL } from "../../domain/labels";
import { fullDateTime } from "../../format/dates";
import type { NameBook } from "../../format/events";
import { formatMoney } from "../../format/money";

type By = { rule_id: string; rule_name: string };
type Part = { text: ReactNode; by: By | null };
type Row = { key: string; label: string; parts: Part[]; kept: boolean };

export function ByRule({ by }: { by: By }) {
  return (
    <span className="why-by-rule" data-rule-id={by.rule_id} title={`Rule ${by.rule_name} (${by.rule_id})`}>
      {by.rule_name}
    </span>
  );
}

export function KeptMark({ field }: { field: string }) {
  return (
    <span className="owned why-kept" data-testid={`decision-kept-${field}`} title="A rule wanted to change this, but a person set it by hand">
      kept: set by a person
    </span>
  );
}

function rows(d: DecisionRecord, currency: string, names: NameBook): Row[] {
  const kept = (...fields: OwnedField[]) => fields.some((f) => d.kept.includes(f));
  const out: Row[] = [];
  const add = (key: string, label: string, parts: Part[], isKept: boolean) => {
    if (parts.length > 0 || isKept) out.push({ key, label, parts, kept: isKept });
  };

  add(
    "hold",
    "Hold",
    d.hold
      ? [
          {
            text: (
              <>
                <strong className="why-hold">{HOLD_REASON_LABEL[d.hold.reason]}</strong>
                {d.hold.note && <span className="muted"> · {d.hold.note}</span>}
                {d.hold.release_at && <span className="muted"> · lifts itself {fullDateTime(d.hold.release_at)}</span>}
              </>
            ),
            by: d.hold,
          },
        ]
      : [],
    kept("hold"),
  );
  add("location", "Location", d.location ? [{ text: names.locationName(d.location.value), by: d.location }] : [], kept("location"));

  // Carrier and service usually come from one rule's "set service" action: name it once.
  const service: Part[] = [];
  if (d.carrier && d.service && d.carrier.rule_id === d.service.rule_id) {
    service.push({ text: `${d.carrier.value} · ${d.service.value}`, by: d.carrier });
  } else {
    if (d.carrier) service.push({ text: d.carrier.value, by: d.carrier });
    if (d.service) service.push({ text: d.service.value, by: d.service });
  }
  if (d.package) service.push({ text: `package ${d.package.value}`, by: d.package.rule_id === service[service.length - 1]?.by?.rule_id ? null : d.package });
  add("service", "Carrier · service", service, kept("carrier", "service"));

  const extras: Part[] = [];
  if (d.signature) extras.push({ text: d.signature.value ? "Signature" : "No signature", by: d.signature });
  if (d.insurance) extras.push({ text: `Insured ${formatMoney(d.insurance.value, currency)}`, by: d.insurance });
  if (d.batch_group) extras.push({ text: `Batch ${d.batch_group.value}`, by: d.batch_group });
  add("options", "Extras", extras, kept("options"));

  add("tags", "Tags", d.tags.map((t) => ({ text: <span className="chip small">{t.value}</span>, by: t })), kept("tags"));
  add("notes", "Notes", d.notes.map((n) => ({ text: `“${n.value}”`, by: n })), false);
  return out;
}

type Props = { decision: DecisionRecord; currency: string; names: NameBook };

export function DecisionSummary({ decision, currency, names }: Props) {
  const list = rows(decision, currency, names);
  if (list.length === 0) {
    return (
      <p className="muted why-empty" data-testid="decision-summary">
        No rule matched: the rules decided nothing for this order.
      </p>
    );
  }
  return (
    <dl className="why-decision" data-testid="decision-summary">
      {list.map((r) => (
        <div key={r.key} className="why-decision-row" data-field={r.key}>
          <dt>{r.label}</dt>
          <dd>
            {r.parts.map((p, i) => (
              <span key={i} className="why-part">
                <span className="why-value">{p.text}</span>
                {p.by && <ByRule by={p.by} />}
              </span>
            ))}
            {r.parts.length === 0 && <span className="muted">as a person set it</span>}
            {r.kept && <KeptMark field={r.key} />}
          </dd>
        </div>
      ))}
    </dl>
  );
}
