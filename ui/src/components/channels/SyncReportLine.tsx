// What one "Sync now" did, in one line: pages read and what became of the orders on them.
import { formatCount } from "../../format/numbers";
import type { SyncReport } from "../../bindings";

export function SyncReportLine({ report }: { report: SyncReport }) {
  const n = formatCount;
  const rejected = report.rejected.length;
  return (
    <p className="sync-report" role="status" data-testid="sync-report">
      <strong>Synced</strong>
      <span>
        {n(report.pages)} page{report.pages === 1 ? "" : "s"}
      </span>
      <span>{n(report.imported)} imported</span>
      <span>{n(report.updated)} updated</span>
      <span>{n(report.unchanged)} unchanged</span>
      <span className={rejected > 0 ? "is-rejected" : ""}>{n(rejected)} rejected</span>
    </p>
  );
}
