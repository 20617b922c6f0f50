// What is in the box, and what it costs and weighs.
import type { Order } from "../../bindings";
import { formatMoney } from "../../format/money";
import { formatWeight } from "../../format/numbers";

export function LinesTable({ order }: { order: Order }) {
  return (
    <table className="lines" data-testid="order-lines">
      <thead>
        <tr>
          <th>Item</th>
          <th className="num">Qty</th>
          <th className="num">Unit price</th>
          <th className="num">Weight</th>
        </tr>
      </thead>
      <tbody>
        {order.lines.map((l, i) => (
          <tr key={`${l.sku}-${i}`}>
            <td>
              <div className="line-name">{l.name}</div>
              <div className="line-sku">
                <code>{l.sku}</code>
                {l.product_tags.map((t) => (
                  <span key={t} className="chip small">
                    {t}
                  </span>
                ))}
              </div>
            </td>
            <td className="num">{l.quantity}</td>
            <td className="num">{formatMoney(l.unit_price, order.currency)}</td>
            <td className="num">{formatWeight(l.unit_weight_g * l.quantity)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Totals({ order }: { order: Order }) {
  const m = (n: number) => formatMoney(n, order.currency);
  return (
    <dl className="totals" data-testid="order-totals">
      <div>
        <dt>Subtotal</dt>
        <dd>{m(order.subtotal)}</dd>
      </div>
      <div>
        <dt>Shipping paid</dt>
        <dd>{m(order.shipping_paid)}</dd>
      </div>
      <div>
        <dt>Tax</dt>
        <dd>{m(order.tax)}</dd>
      </div>
      <div className="total">
        <dt>Total</dt>
        <dd>{m(order.total)}</dd>
      </div>
      <div className="muted">
        <dt>Weight</dt>
        <dd>{formatWeight(order.weight_g)}</dd>
      </div>
    </dl>
  );
}
