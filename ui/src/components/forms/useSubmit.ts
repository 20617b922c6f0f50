// Shared submit plumbing for the small action forms: busy while waiting, the backend's
// refusal shown inline (the form stays open so nothing typed is lost), closed on success.
import { useState } from "react";

/** A submit handler resolves to null when done, or to a message saying why it was refused. */
export type Submit<T> = (value: T) => Promise<string | null>;

export function useSubmit<T>(submit: Submit<T>, onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (value: T) => {
    setBusy(true);
    setError(null);
    try {
      const refused = await submit(value);
      if (refused === null) onDone();
      else setError(refused);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}
