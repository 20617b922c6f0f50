// A small panel anchored under its button, for the compact forms (hold, tag, cancel, dates).
// Closes on Escape or a click outside; Escape is kept from also closing the detail panel.
import { useEffect, useRef, type ReactNode } from "react";

type Props = {
  open: boolean;
  onClose: () => void;
  align?: "left" | "right";
  label: string;
  children: ReactNode;
};

export function Popover({ open, onClose, align = "left", label, children }: Props) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      const anchor = ref.current?.parentElement;
      if (anchor && !anchor.contains(e.target as Node)) onClose();
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open, onClose]);

  useEffect(() => {
    if (!open) return;
    // Put the cursor in the first field so the form can be filled without the mouse.
    const first = ref.current?.querySelector<HTMLElement>("select, input, textarea, button");
    first?.focus();
  }, [open]);

  if (!open) return null;
  return (
    <div
      ref={ref}
      className={`popover popover-${align}`}
      role="dialog"
      aria-label={label}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      {children}
    </div>
  );
}
