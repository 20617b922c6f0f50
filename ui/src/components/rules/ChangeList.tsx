// What would change on an order, field by field: before → after.
import type { Facets, FieldChange } from "../../bindings";
import { changeValue, fieldLabel } from "./changes";

export function ChangeList({ changes, facets }: { changes: FieldChange[]; facets: Facets }) {
  return (
    <ul className="change-list">
      {changes.map((c) => (
        <li key={c.field} data-testid="field-change" data-field={c.field}>
          <span className="change-field">{fieldLabel(c.field)}</span>
          <span className="change-values">
            <span className="change-before">{changeValue(c.field, c.before, facets)}</span>
            <span className="change-arrow" aria-label="becomes">
              →
            </span>
            <span className="change-after">{changeValue(c.field, c.after, facets)}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
