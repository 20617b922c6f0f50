// A button that opens a popover beneath it: the shape every "Hold…", "Tag…", "Cancel…" action
// shares, in the order bar and the bulk bar alike.
import type { ReactNode } from "react";
import { Popover } from "./Popover";

type Props = {
  testId: string;
  buttonLabel: string;
  /** The popover's accessible name. */
  label: string;
  open: boolean;
  onToggle: () => void;
  onClose: () => void;
  className?: string;
  disabled?: boolean;
  align?: "left" | "right";
  children: ReactNode;
};

export function PopoverButton({ testId, buttonLabel, label, open, onToggle, onClose, className = "button small", disabled, align, children }: Props) {
  return (
    <div className="popover-anchor">
      <button type="button" className={className} data-testid={testId} disabled={disabled} onClick={onToggle}>
        {buttonLabel}
      </button>
      <Popover open={open} onClose={onClose} label={label} align={align}>
        {children}
      </Popover>
    </div>
  );
}
