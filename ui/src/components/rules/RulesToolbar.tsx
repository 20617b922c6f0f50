// The page header: which version is in force and who saved it, unsaved changes, import/export,
// discard and save.
import { useRef, useState } from "react";
import { humanActor } from "../../format/actor";
import { fullDateTime } from "../../format/dates";

type Props = {
  version: number;
  savedAt: string | null;
  savedBy: string | null;
  dirty: boolean;
  saving: boolean;
  /** Why Save is off (errors, nothing to save), or null when it may be pressed. */
  saveBlocked: string | null;
  onSave: () => void;
  onDiscard: () => void;
  onExport: () => void;
  onImport: (file: File) => void;
};

export function RulesToolbar({ version, savedAt, savedBy, dirty, saving, saveBlocked, onSave, onDiscard, onExport, onImport }: Props) {
  const file = useRef<HTMLInputElement>(null);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  return (
    <header className="rules-head">
      <div className="rules-title">
        <h1>Rules</h1>
        <span className="rules-version" data-testid="rules-saved-version" data-version={version}>
          {version === 0 ? "Not saved yet" : `Version ${version}`}
        </span>
        {savedAt && (
          <span className="muted small">
            saved {fullDateTime(savedAt)}
            {savedBy ? ` by ${humanActor(savedBy)}` : ""}
          </span>
        )}
        {dirty && (
          <span className="unsaved" data-testid="rules-unsaved">
            Unsaved changes
          </span>
        )}
      </div>
      <div className="rules-tools">
        <input
          ref={file}
          type="file"
          accept="application/json,.json"
          hidden
          data-testid="import-rules-input"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = "";
            if (f) onImport(f);
          }}
        />
        <button type="button" className="button small ghost" data-testid="import-rules" onClick={() => file.current?.click()}>
          Import…
        </button>
        <button type="button" className="button small ghost" data-testid="export-rules" onClick={onExport}>
          Export
        </button>
        {confirmDiscard ? (
          <span className="rules-confirm">
            <span className="small">Discard all unsaved changes?</span>
            <button
              type="button"
              className="button small danger"
              data-testid="confirm-discard"
              onClick={() => {
                setConfirmDiscard(false);
                onDiscard();
              }}
            >
              Discard
            </button>
            <button type="button" className="button small ghost" onClick={() => setConfirmDiscard(false)}>
              Keep editing
            </button>
          </span>
        ) : (
          <button type="button" className="button small" data-testid="discard-rules" disabled={!dirty || saving} onClick={() => setConfirmDiscard(true)}>
            Discard
          </button>
        )}
        <button type="button" className="button small primary" data-testid="save-rules" disabled={!!saveBlocked || saving} title={saveBlocked ?? undefined} onClick={onSave}>
          {saving ? "Saving…" : "Save"}
        </button>
      </div>
    </header>
  );
}
