// Who changed which rule and when: the latest 50 audited edits, loaded when opened.
import { useEffect, useState } from "react";
import { api } from "../../api";
import type { Rule, RuleAuditEntry } from "../../bindings";
import { humanActor } from "../../format/actor";
import { fullDateTime } from "../../format/dates";

const LIMIT = 50;

const PARTS: [keyof Rule, string][] = [
  ["name", "name"],
  ["enabled", "on/off"],
  ["stage", "stage"],
  ["priority", "order"],
  ["stop_processing", "stop processing"],
  ["when", "conditions"],
  ["then", "actions"],
];

/** Which parts of a rule an edit touched ("conditions, actions"). */
export function editedParts(before: Rule | null, after: Rule | null): string[] {
  if (!before || !after) return [];
  return PARTS.filter(([k]) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).map(([, label]) => label);
}

export function HistoryPanel({ version }: { version: number }) {
  const [open, setOpen] = useState(false);
  const [entries, setEntries] = useState<RuleAuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    api.ruleHistory(LIMIT).then(
      (list) => live && setEntries(list),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [open, version]);

  return (
    <details className="rules-history-panel" data-testid="rules-history" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>History</summary>
      {error && <p className="form-error">{error}</p>}
      {open && !entries && !error && <p className="muted small">Loading…</p>}
      {entries && entries.length === 0 && <p className="muted small">No rule has been saved yet.</p>}
      {entries && entries.length > 0 && (
        <table className="history-table">
          <tbody>
            {entries.map((e, i) => {
              const parts = editedParts(e.before, e.after);
              return (
                <tr key={`${e.version}-${e.rule_id}-${i}`} data-testid="history-entry">
                  <td className="muted history-nowrap">{fullDateTime(e.at)}</td>
                  <td className="history-nowrap">{humanActor(e.actor)}</td>
                  <td>
                    <span className={`history-change change-${e.change}`}>{e.change}</span> {e.rule_name || <em className="muted">unnamed</em>}
                    {parts.length > 0 && <span className="muted small"> · {parts.join(", ")}</span>}
                  </td>
                  <td className="muted history-nowrap">v{e.version}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </details>
  );
}
