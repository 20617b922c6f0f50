// Which screen is open, kept in the URL hash (`#orders`, `#held`, `#rules`) so the back button
// and a reload keep the place, with no router library for three screens.
import { useEffect, useState } from "react";

export const SCREENS = ["orders", "held", "rules"] as const;
export type Screen = (typeof SCREENS)[number];

function fromHash(hash: string): Screen {
  const name = hash.replace(/^#/, "");
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
