// Counts from a file (a stocktake, a spreadsheet from the floor): paste it or pick it, see its
// first rows, choose the location for rows that do not name one, then apply. The backend takes
// the whole file or nothing: when it refuses, every bad row is listed by line and nothing changed.
import { useRef, useState, type FormEvent } from "react";
import { api, isFatal } from "../../api";
import type { CountImport, LocationColumn } from "../../bindings";
import { formatCount } from "../../format/numbers";
import { useReportError } from "../shell/errors";
import { previewCounts } from "./countsCsv";

type Props = {
  locations: LocationColumn[];
  /** The file was applied (its outcome is in `result.outcome`). */
  onImported: (result: CountImport) => void;
  onCancel: () => void;
};

const SHOWN = 5;
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function ImportCountsPanel({ locations, onImported, onCancel }: Props) {
  const report = useReportError();
  const [text, setText] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [fallback, setFallback] = useState("");
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<CountImport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const preview = previewCounts(text, fallback || null, SHOWN);

  const edit = (next: string, name: string | null) => {
    setText(next);
    setFileName(name);
    setRefused(null);
    setError(null);
  };

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      edit(await file.text(), file.name);
    } catch (err) {
      setError(`Could not read ${file.name}: ${message(err)}`);
    }
  };

  const apply = async (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() === "") return setError("Paste the counts or choose a file first.");
    setBusy(true);
    setError(null);
    setRefused(null);
    try {
      const result = await api.importCounts(text, fallback || null);
      if (result.errors.length > 0 || !result.outcome) setRefused(result);
      else onImported(result);
    } catch (err) {
      if (isFatal(err)) report(err);
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form import-counts" onSubmit={apply} noValidate data-testid="import-counts" aria-label="Import counts">
      <p className="form-intro muted">
        One row per SKU and location: <code>sku,location,on_hand</code>, optionally <code>name</code> for SKUs new to the catalogue. Each row sets what is
        on the shelf; units reserved for orders stay reserved.
      </p>
      <div className="import-grid">
        <div className="field import-text">
          <label htmlFor="import-counts-text">Counts (CSV)</label>
          <textarea
            id="import-counts-text"
            rows={6}
            spellCheck={false}
            data-testid="import-text"
            placeholder={"sku,location,on_hand\nFUEL-230,Reno DC,48\nLMP-400,Newark DC,120"}
            value={text}
            onChange={(e) => edit(e.target.value, null)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              void readFile(e.dataTransfer.files[0]);
            }}
          />
        </div>
        <div className="import-side">
          <div className="field">
            <span>File</span>
            <div className="import-file">
              <button type="button" className="button small" data-testid="import-choose-file" onClick={() => fileRef.current?.click()}>
                Choose file…
              </button>
              <span className="muted small import-file-name">{fileName ?? "or paste, or drop a file on the text"}</span>
              <input
                ref={fileRef}
                type="file"
                accept=".csv,text/csv,text/plain"
                hidden
                data-testid="import-file"
                onChange={(e) => {
                  void readFile(e.target.files?.[0]);
                  e.target.value = "";
                }}
              />
            </div>
          </div>
          <div className="field">
            <label htmlFor="import-counts-location">Location for rows without one</label>
            <select id="import-counts-location" data-testid="import-location" value={fallback} onChange={(e) => setFallback(e.target.value)}>
              <option value="">None: every row names its location</option>
              {locations.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>

      {preview && <CountsPreviewTable header={preview.header} rows={preview.rows} total={preview.total} problem={preview.problem} refused={refused} />}

      {refused && (
        <div className="banner banner-error count-errors" role="alert" data-testid="count-errors">
          <div className="banner-body">
            <strong>
              Nothing was imported: {formatCount(refused.errors.length)} of {formatCount(refused.rows)} row{refused.rows === 1 ? "" : "s"}{" "}
              {refused.errors.length === 1 ? "has a problem" : "have problems"}.
            </strong>
            <span className="small">The file is applied whole or not at all. Fix these lines and apply it again.</span>
            <ul className="count-error-list">
              {refused.errors.map((e) => (
                <li key={`${e.line}:${e.message}`} data-testid="count-error" data-line={e.line}>
                  <span className="count-error-line">Line {e.line}</span> {e.message}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button ghost" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button primary" data-testid="import-apply" disabled={busy || text.trim() === ""}>
          {busy ? "Applying…" : preview ? `Apply ${formatCount(preview.total)} count${preview.total === 1 ? "" : "s"}` : "Apply counts"}
        </button>
      </div>
    </form>
  );
}

type PreviewProps = { header: string[]; rows: string[][]; total: number; problem: string | null; refused: CountImport | null };

function CountsPreviewTable({ header, rows, total, problem, refused }: PreviewProps) {
  // The refused lines among the ones shown are marked too, so the fix is easy to find.
  const bad = new Map((refused?.errors ?? []).map((e) => [e.line, e.message]));
  return (
    <section className="count-preview" data-testid="import-preview" aria-label="Preview">
      <h3>
        Preview <span className="muted">· {total === 0 ? "no rows under the header" : total > rows.length ? `first ${rows.length} of ${formatCount(total)} rows` : `${formatCount(total)} row${total === 1 ? "" : "s"}`}</span>
      </h3>
      {problem && (
        <p className="count-preview-problem" data-testid="import-preview-problem">
          {problem}
        </p>
      )}
      <table className="count-preview-table">
        <thead>
          <tr>
            <th scope="col" className="num">
              Line
            </th>
            {header.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} data-testid="preview-row" className={bad.has(i + 2) ? "is-refused" : ""} title={bad.get(i + 2)}>
              <td className="num muted">{i + 2}</td>
              {header.map((_, j) => (
                <td key={j}>{r[j] ?? ""}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
