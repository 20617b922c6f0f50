// The queue's keyboard: j/k or arrows move, Enter opens, x selects, / searches, Esc backs out,
// 1–8 switch tabs. Keys typed into a field belong to the field (Esc just leaves it).
import { useEffect, useRef } from "react";

export type QueueKeyHandlers = {
  move: (delta: number) => void;
  open: () => void;
  toggle: (range: boolean) => void;
  focusSearch: () => void;
  escape: () => void;
  tab: (index: number) => void;
};

function isEditable(el: EventTarget | null): el is HTMLElement {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

export function useQueueKeys(handlers: QueueKeyHandlers): void {
  const h = useRef(handlers);
  h.current = handlers;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (isEditable(e.target)) {
        if (e.key === "Escape") e.target.blur();
        return;
      }
      // Buttons keep Enter/Space for themselves.
      const onButton = e.target instanceof HTMLButtonElement;
      switch (e.key) {
        case "j":
        case "ArrowDown":
          h.current.move(1);
          break;
        case "k":
        case "ArrowUp":
          h.current.move(-1);
          break;
        case "Enter":
          if (onButton) return;
          h.current.open();
          break;
        case "x":
        case "X":
          h.current.toggle(e.shiftKey);
          break;
        case "/":
          h.current.focusSearch();
          break;
        case "Escape":
          h.current.escape();
          break;
        default:
          if (e.key >= "1" && e.key <= "8") h.current.tab(Number(e.key) - 1);
          else return;
      }
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
