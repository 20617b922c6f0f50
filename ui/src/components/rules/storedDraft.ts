// Unsaved edits survive leaving the Rules screen (or closing the window): the draft and the
// version it started from are kept in localStorage until saved or discarded.
import type { Rule } from "../../bindings";

const KEY = "waybill.rules.draft";

export type StoredDraft = { baseVersion: number; rules: Rule[] };

export function loadStoredDraft(): StoredDraft | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const data = JSON.parse(raw) as Partial<StoredDraft>;
    return typeof data.baseVersion === "number" && Array.isArray(data.rules) ? { baseVersion: data.baseVersion, rules: data.rules } : null;
  } catch {
    return null;
  }
}

export function storeDraft(draft: StoredDraft | null): void {
  try {
    if (draft) localStorage.setItem(KEY, JSON.stringify(draft));
    else localStorage.removeItem(KEY);
  } catch {
    // Storage full or unavailable: the draft still lives on this screen.
  }
}
