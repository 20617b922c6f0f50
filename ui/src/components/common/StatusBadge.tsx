// The status as a coloured pill; the colour is a hint, the words carry the meaning.
import type { OrderStatus } from "../../bindings";
import { STATUS_LABEL } from "../../domain/labels";

export function StatusBadge({ status, testId }: { status: OrderStatus; testId?: string }) {
  return (
    <span className={`badge status-${status}`} data-testid={testId} data-status={status}>
      {STATUS_LABEL[status]}
    </span>
  );
}
