// A quiet marker on fields a person set by hand: rules will not overwrite them.
import type { OwnedField } from "../../bindings";

export function Owned({ field, owned }: { field: OwnedField; owned: readonly OwnedField[] }) {
  if (!owned.includes(field)) return null;
  return (
    <span className="owned" data-testid={`owned-${field}`} title="Set by hand: automation rules will not change this">
      set by hand
    </span>
  );
}
