// What adding and editing a channel share: the draft, problems by field, the connection check
// and the busy state, and how a backend refusal lands (above the buttons, and next to the field
// it names).
import { useState } from "react";
import { ApiError, isFatal } from "../../api";
import type { ConnectionCheck, FormField } from "../../bindings";
import { useReportError } from "../shell/errors";
import { NAME_KEY, placeRefusal, type Draft } from "./newChannel";

type Problems = Record<string, string>;
type Busy = "test" | "save" | null;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function useChannelDraft(initial: Draft) {
  const report = useReportError();
  const [draft, setDraft] = useState<Draft>(initial);
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<string | null>(null);
  const [check, setCheck] = useState<ConnectionCheck | null>(null);
  const [busy, setBusy] = useState<Busy>(null);

  const edit = (key: string, value: string) => {
    setDraft((d) => (key === NAME_KEY ? { ...d, name: value } : { ...d, values: { ...d.values, [key]: value } }));
    setProblems(({ [key]: _, ...rest }) => rest);
    setCheck(null);
  };

  /** Marks every missing required field before anything is sent. */
  const markMissing = (missing: string[]) => {
    setProblems(Object.fromEntries(missing.map((key) => [key, "Required"])));
    setError(`Fill in ${missing.length === 1 ? "the required field" : `the ${missing.length} required fields`} first.`);
  };

  const refused = (err: unknown, fields: FormField[]) => {
    if (isFatal(err)) report(err);
    if (!(err instanceof ApiError && err.code === "invalid_input")) return setError(message(err));
    const { field, text } = placeRefusal(err.message, fields);
    setError(text);
    if (field) setProblems((p) => ({ ...p, [field]: text }));
  };

  /** Runs a test or a save: busy meanwhile, a refusal shown where it belongs. */
  const attempt = async (what: "test" | "save", fields: FormField[], action: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    if (what === "test") setCheck(null);
    try {
      await action();
    } catch (err) {
      refused(err, fields);
    } finally {
      setBusy(null);
    }
  };

  return { draft, setDraft, problems, setProblems, error, setError, check, setCheck, busy, edit, markMissing, attempt };
}
