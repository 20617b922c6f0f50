// One open effect: what it is, for which order (a link that opens it in the queue) and channel,
// how often it was tried, when it is tried next, why it failed, and the person's way out.
import { fullDateTime } from "../../format/dates";
import { agoLabel, untilLabel } from "../../format/relative";
import type { EffectView } from "../../bindings";
import { effectKindLabel } from "./effectWords";

type Props = {
  effect: EffectView;
  now: Date;
  busy: boolean;
  onRetry: (effect: EffectView) => void;
  onSkip: (effect: EffectView) => void;
};

function NextAttempt({ effect, now }: { effect: EffectView; now: Date }) {
  if (effect.status === "dead") return <span className="effect-gave-up">gave up</span>;
  const left = untilLabel(effect.next_attempt_at, now);
  return (
    <time dateTime={effect.next_attempt_at} title={fullDateTime(effect.next_attempt_at)}>
      {left === "now" ? "due now" : left}
    </time>
  );
}

export function EffectRow({ effect, now, busy, onRetry, onSkip }: Props) {
  const dead = effect.status === "dead";
  return (
    <tr className={`effect-row ${dead ? "is-dead" : ""}`} data-testid="effect-row" data-effect-id={effect.id} data-status={effect.status}>
      <td className="effect-kind">
        {dead && <span className="dead-badge">Dead</span>}
        {effectKindLabel(effect.kind)}
      </td>
      <td>
        {effect.order_id ? (
          <a className="order-link" href={`#orders/${effect.order_id}`} data-testid="effect-order">
            {effect.order_number ?? effect.order_id}
          </a>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="effect-channel">{effect.channel_name}</td>
      <td className="num">{effect.attempts}</td>
      <td className="effect-next">
        <NextAttempt effect={effect} now={now} />
      </td>
      <td className="effect-error" data-testid="effect-error">
        {effect.last_error ?? <span className="muted">—</span>}
      </td>
      <td className="effect-created">
        <time dateTime={effect.created_at} title={fullDateTime(effect.created_at)}>
          {agoLabel(effect.created_at, now)}
        </time>
      </td>
      <td className="effect-actions">
        {dead && (
          <button type="button" className="button small" data-testid="retry-effect" disabled={busy} onClick={() => onRetry(effect)}>
            Retry
          </button>
        )}
        <button type="button" className="button small ghost" data-testid="skip-effect" disabled={busy} onClick={() => onSkip(effect)}>
          Skip…
        </button>
      </td>
    </tr>
  );
}
