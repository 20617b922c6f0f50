// Where the secrets typed here will live on this machine, and the backend's warning about it if
// it has one (e.g. no keychain, so an encrypted file is used instead).
import type { CredentialStoreInfo } from "../../bindings";

const WHERE: Record<CredentialStoreInfo["backend"], string> = {
  keychain: "Secrets are saved in the system keychain, never in the workspace file.",
  encrypted_file: "Secrets are saved in an encrypted file beside the workspace, never in the workspace itself.",
};

export function CredentialNotice({ info }: { info: CredentialStoreInfo }) {
  return (
    <div className={`credential-notice ${info.notice ? "banner banner-warn" : ""}`} data-testid="credential-notice">
      <span className="lock-mark" aria-hidden>
        <svg viewBox="0 0 16 16">
          <rect x="3.5" y="7" width="9" height="6.5" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
          <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" fill="none" stroke="currentColor" strokeWidth="1.4" />
        </svg>
      </span>
      <div className="banner-body">
        <span>{WHERE[info.backend]}</span>
        {info.notice && <strong>{info.notice}</strong>}
      </div>
    </div>
  );
}
