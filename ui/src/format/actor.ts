// Actors are stored as `user:ana`, `rule:rul_…`, `channel:chn_…`, `partner:loc_…` or `system`;
// people want to read who did it, not the id.

export type ActorKind = "user" | "rule" | "channel" | "partner" | "system";

export function actorKind(actor: string): ActorKind {
  const prefix = actor.split(":", 1)[0];
  switch (prefix) {
    case "user":
    case "rule":
    case "channel":
    case "partner":
      return prefix;
    default:
      return "system";
  }
}

/** `user:ana` → "ana", `rule:…` → "Rule", `channel:…` → "Channel", `partner:…` → "Partner", `system` → "Waybill". */
export function humanActor(actor: string): string {
  switch (actorKind(actor)) {
    case "user":
      return actor.slice("user:".length);
    case "rule":
      return "Rule";
    case "channel":
      return "Channel";
    case "partner":
      return "Partner";
    case "system":
      return "Waybill";
  }
}
