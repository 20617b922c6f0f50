// The order's audit trail, oldest first: who did what, when, in a sentence each.
import type { OrderEvent } from "../../bindings";
import { actorKind, humanActor } from "../../format/actor";
import { fullDateTime, placedLabel } from "../../format/dates";
import { eventText, type NameBook } from "../../format/events";

type Props = { events: OrderEvent[]; names: NameBook; now: Date };

export function Timeline({ events, names, now }: Props) {
  if (events.length === 0) return <p className="muted">No events recorded yet.</p>;
  return (
    <ol className="timeline" data-testid="timeline">
      {events.map((e, i) => {
        const { text, details } = eventText(e.kind, names, e.actor);
        return (
          <li key={`${e.at}-${i}`} className={`tl-item tl-${e.kind.type}`} data-testid="timeline-event" data-event-type={e.kind.type}>
            <span className={`tl-dot actor-${actorKind(e.actor)}`} aria-hidden />
            <div className="tl-body">
              <div className="tl-text">{text}</div>
              {details.map((d) => (
                <div key={d} className="tl-detail">
                  {d}
                </div>
              ))}
              <div className="tl-meta">
                <span className="tl-actor" data-testid="timeline-actor" title={e.actor}>
                  {humanActor(e.actor)}
                </span>
                <span aria-hidden> · </span>
                <time dateTime={e.at} title={fullDateTime(e.at)}>
                  {placedLabel(e.at, now)}
                </time>
              </div>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
