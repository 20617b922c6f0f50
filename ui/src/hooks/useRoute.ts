// Which screen is open, kept in the URL hash (`#orders`, `#held`, `#inventory`, `#locations`,
// `#rules`, `#channels`, `#outbox`, `#webhooks`) so the back button and a reload keep the place, with no router library for a few
// screens. `#orders/ord_…` opens that order in the queue (links from other screens).
import { useEffect, useState } from "react";

export const SCREENS = ["orders", "held", "inventory", "locations", "rules", "channels", "outbox", "webhooks"] as const;
export type Screen = (typeof SCREENS)[number];

function fromHash(hash: string): Screen {
  const name = hash.replace(/^#/, "").split("/")[0];
  return (SCREENS as readonly string[]).includes(name) ? (name as Screen) : "orders";
}

export function useRoute(): Screen {
  const [screen, setScreen] = useState<Screen>(() => fromHash(window.location.hash));
  useEffect(() => {
    const onHash = () => setScreen(fromHash(window.location.hash));
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  return screen;
}

/** The order named by `#orders/<id>`, or null; follows the hash. */
export function useLinkedOrder(): string | null {
  const read = () => {
    const m = /^#orders\/(.+)$/.exec(window.location.hash);
    return m ? decodeURIComponent(m[1]) : null;
  };
  const [id, setId] = useState<string | null>(read);
  useEffect(() => {
    const onHash = () => setId(read());
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  return id;
}
