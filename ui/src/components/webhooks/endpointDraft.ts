// The add-endpoint form's checks, the same the backend makes (crates/app/src/webhooks/endpoints.rs),
// so a typo is named before anything is sent; and the backend's refusal placed on its field.

export type EndpointField = "url" | "events";

/** Why `url` cannot be an endpoint, or null: only http(s) URLs with a host and no spaces. */
export function urlProblem(url: string): string | null {
  const text = url.trim();
  if (text === "") return "Enter the URL that receives the events.";
  const rest = /^https?:\/\/(.*)$/i.exec(text)?.[1];
  if (rest === undefined) return "Use an http:// or https:// URL.";
  const host = rest.split(/[/?#]/)[0];
  if (host === "" || /\s/.test(text)) return "This is not a usable URL: it needs a host and no spaces.";
  return null;
}

/** A refusal starting with `url:` or `events:` belongs to that field, without the prefix. */
export function placeEndpointRefusal(message: string): { field: EndpointField | null; text: string } {
  const m = /^(url|events):\s*([\s\S]+)$/.exec(message);
  return m ? { field: m[1] as EndpointField, text: m[2] } : { field: null, text: message };
}
