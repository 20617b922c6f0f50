// A new endpoint's signing secret, shown this once (Waybill keeps it where it keeps channel
// secrets and never shows it again), with a copy button and how a receiver checks a delivery
// the Standard Webhooks way.
import { useRef, useState } from "react";
import type { AddedEndpoint } from "../../bindings";

type Props = { added: AddedEndpoint; onDone: () => void };

export function SigningSecret({ added, onDone }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "select" | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(added.secret);
      setCopied("yes");
    } catch {
      // No clipboard here: leave the secret selected for the person to copy.
      input.current?.select();
      setCopied("select");
    }
  };

  return (
    <section className="sync-panel secret-panel" aria-labelledby="secret-title" data-testid="signing-secret">
      <h2 id="secret-title">Signing secret for {added.endpoint.url}</h2>
      <p className="banner banner-warn">
        <strong>Shown only now.</strong> Copy it into the receiver's configuration: Waybill keeps it in this machine's credential store and
        cannot show it again. Lost it? Remove the endpoint and add it again for a new one.
      </p>
      <div className="secret-row">
        <input
          ref={input}
          className="mono"
          readOnly
          aria-label="Signing secret"
          data-testid="signing-secret-value"
          value={added.secret}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="button small" data-testid="copy-secret" onClick={() => void copy()}>
          Copy
        </button>
        {copied && (
          <span className="muted" role="status" data-testid="copy-result">
            {copied === "yes" ? "Copied" : "Selected: press Ctrl+C (⌘C) to copy"}
          </span>
        )}
      </div>
      <div className="verify-help" data-testid="verify-help">
        <h3>How a receiver checks a delivery</h3>
        <ol>
          <li>
            Each event is a POST with the <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> headers{" "}
            <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code>.
          </li>
          <li>
            The key is the secret after <code>whsec_</code>, base64-decoded. Compute HMAC-SHA256 over{" "}
            <code>{"{webhook-id}.{webhook-timestamp}.{raw body}"}</code> and base64-encode it.
          </li>
          <li>
            Accept the delivery when it equals one of the space-separated <code>v1,…</code> entries of <code>webhook-signature</code>{" "}
            (compare in constant time), and the timestamp is within a few minutes of now.
          </li>
          <li>
            A retry carries the same <code>webhook-id</code>: drop one already handled. Answer 2xx quickly; 410 Gone disables the endpoint.
          </li>
        </ol>
        <p className="muted">Any Standard Webhooks library does all of this given the secret as it is shown here.</p>
      </div>
      <div className="form-actions">
        <button type="button" className="button primary" data-testid="secret-done" onClick={onDone}>
          I have saved it
        </button>
      </div>
    </section>
  );
}
