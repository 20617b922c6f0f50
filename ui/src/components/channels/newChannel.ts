// The add-channel form's values turned into what the backend takes: one setting per filled field
// (secrets included: the backend moves them to the credential store), or the fields still missing.
import type { ChannelForm, FormField, NewChannel } from "../../bindings";

/** The name field's key in the form's values and in its problems. */
export const NAME_KEY = "__name";

export type Draft = { name: string; values: Record<string, string> };

export type Built = { ok: true; channel: NewChannel } | { ok: false; missing: string[] };

/** Blank fields are left out; a required one that is blank is missing (so is the name). */
export function buildNewChannel(form: ChannelForm, draft: Draft): Built {
  const missing: string[] = [];
  if (draft.name.trim() === "") missing.push(NAME_KEY);
  const settings = [];
  for (const field of form.fields) {
    // Tokens and keys never carry spaces at their ends; a pasted one often does.
    const value = (draft.values[field.key] ?? "").trim();
    if (value === "") {
      if (field.required) missing.push(field.key);
      continue;
    }
    settings.push({ key: field.key, value });
  }
  if (missing.length > 0) return { ok: false, missing };
  return { ok: true, channel: { kind: form.kind, name: draft.name.trim(), settings } };
}

/** A backend refusal placed on the form: the field it is about (if any) and what to show. */
export type Refusal = { field: string | null; text: string };

/**
 * Where an `invalid_input` message belongs. The backend starts it with the field's key
 * ("shop_domain: Shop domain is required", "name: give the channel a name"); that prefix is the
 * field and is not shown. Otherwise a key or label named anywhere in it, the longest first (so
 * "API key" does not claim "API key secret").
 */
export function placeRefusal(message: string, fields: FormField[]): Refusal {
  const prefixed = /^([a-z][a-z0-9_]*):\s*([\s\S]+)$/.exec(message);
  if (prefixed) {
    const [, key, rest] = prefixed;
    if (key === "name") return { field: NAME_KEY, text: rest };
    if (fields.some((f) => f.key === key)) return { field: key, text: rest };
  }
  const text = message.toLowerCase();
  let best: { key: string; length: number } | null = null;
  for (const f of fields) {
    for (const name of [f.key, f.label]) {
      const n = name.toLowerCase();
      if (n && text.includes(n) && (!best || n.length > best.length)) best = { key: f.key, length: n.length };
    }
  }
  if (best) return { field: best.key, text: message };
  return { field: /\bname\b/.test(text) ? NAME_KEY : null, text: message };
}
