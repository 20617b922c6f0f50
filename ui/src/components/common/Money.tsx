// Money in minor units shown in its currency, right-aligned with tabular digits by CSS.
import { formatMoney } from "../../format/money";

export function Money({ minor, currency }: { minor: number; currency: string }) {
  return <span className="money">{formatMoney(minor, currency)}</span>;
}
