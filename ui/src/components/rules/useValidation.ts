// Checks the draft as it is typed: one `validateRuleset` call per pause (300 ms), answers to
// older drafts ignored. The ruleset in force comes with its problems, so it is not re-checked.
import { useEffect, useRef, useState } from "react";
import { api, isFatal } from "../../api";
import type { Problem, Rule, Ruleset } from "../../bindings";

export const VALIDATE_DEBOUNCE_MS = 300;

export type Validation = {
  problems: Problem[];
  /** The rules these problems were found in (their paths index this list). */
  rules: Rule[];
  /** The draft could not be checked at all (the message says why). */
  error: string | null;
  /** A newer draft is waiting to be checked. */
  checking: boolean;
};

export function useValidation(draft: Ruleset | null, known: { rules: Rule[]; problems: Problem[] } | null, onFatal: (err: unknown) => void): Validation {
  const [result, setResult] = useState<Omit<Validation, "checking">>({ problems: [], rules: [], error: null });
  const [checking, setChecking] = useState(false);
  const latest = useRef(0);

  useEffect(() => {
    if (!draft) return;
    const mine = ++latest.current;
    if (known && draft.rules === known.rules) {
      setResult({ problems: known.problems, rules: known.rules, error: null });
      setChecking(false);
      return;
    }
    setChecking(true);
    const timer = setTimeout(() => {
      api.validateRuleset(draft).then(
        (problems) => {
          if (mine !== latest.current) return;
          setResult({ problems, rules: draft.rules, error: null });
          setChecking(false);
        },
        (err: unknown) => {
          if (isFatal(err)) onFatal(err);
          if (mine !== latest.current) return;
          setResult((r) => ({ ...r, error: err instanceof Error ? err.message : String(err) }));
          setChecking(false);
        },
      );
    }, VALIDATE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft, known, onFatal]);

  return { ...result, checking };
}
