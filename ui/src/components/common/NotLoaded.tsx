// What a screen shows until its view arrives: a spinner, or why it could not be read with a way
// to try again. Nothing once it has loaded (a later failed refresh keeps the last view).
import { EmptyState, Spinner } from "./EmptyState";

type Props = {
  loaded: boolean;
  failed: string | null;
  /** The spinner's label: "Loading channels". */
  loading: string;
  /** "Channels could not be read". */
  failedTitle: string;
  testId: string;
  onRetry: () => void;
};

export function NotLoaded({ loaded, failed, loading, failedTitle, testId, onRetry }: Props) {
  if (loaded) return null;
  if (!failed) {
    return (
      <div className="sync-loading">
        <Spinner label={loading} />
      </div>
    );
  }
  return (
    <EmptyState title={failedTitle} testId={testId}>
      {failed}
      <div>
        <button type="button" className="button small" onClick={onRetry}>
          Try again
        </button>
      </div>
    </EmptyState>
  );
}
