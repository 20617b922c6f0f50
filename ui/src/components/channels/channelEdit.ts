// A saved channel's edit form: the stored values as the draft it opens with, and the draft turned
// into the changes the backend takes. Secrets never come back from the backend, so their inputs
// open empty and an empty one means "keep the stored secret".
import type { ChannelEdit, ChannelSettings, FormField } from "../../bindings";
import { NAME_KEY, type Draft } from "./newChannel";

/** The draft the form opens with: stored values filled in, every secret input empty. */
export function draftFrom(s: ChannelSettings): Draft {
  const stored = new Map(s.values.map((v) => [v.key, v.value]));
  const values: Record<string, string> = {};
  for (const field of s.form.fields) values[field.key] = field.secret ? "" : (stored.get(field.key) ?? "");
  return { name: s.name, values };
}

/** A stored secret's input says it stays as it is unless something is typed. */
export function secretPlaceholder(field: FormField, stored: readonly string[]): string {
  return field.secret && stored.includes(field.key) ? "unchanged" : field.placeholder;
}

export type BuiltEdit = { ok: true; edit: ChannelEdit } | { ok: false; missing: string[] };

/**
 * Every field of the form is sent (trimmed): a blank secret keeps the stored one, a blank setting
 * is removed. Missing before anything is sent: a blank name, a required setting emptied here, a
 * required secret that is neither stored nor typed. The backend judges the rest and names the
 * field.
 */
export function buildEdit(s: ChannelSettings, draft: Draft): BuiltEdit {
  const stored = new Map(s.values.map((v) => [v.key, v.value]));
  const missing: string[] = [];
  if (draft.name.trim() === "") missing.push(NAME_KEY);
  const settings = [];
  for (const field of s.form.fields) {
    const value = (draft.values[field.key] ?? "").trim();
    if (value === "" && field.required) {
      const emptied = !field.secret && (stored.get(field.key) ?? "") !== "";
      const absent = field.secret && !s.secrets_set.includes(field.key);
      if (emptied || absent) missing.push(field.key);
    }
    settings.push({ key: field.key, value });
  }
  if (missing.length > 0) return { ok: false, missing };
  return { ok: true, edit: { name: draft.name.trim(), settings } };
}
