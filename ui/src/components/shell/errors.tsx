// Where every failure goes: ordinary refusals become toasts, an unusable database takes over the
// window with an explanation (there is nothing useful to do in the queue until it is fixed).
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { ApiError, isFatal } from "../../api";
import { FatalState } from "./FatalState";
import { Toasts, type Toast } from "./Toasts";

type Report = (err: unknown) => void;

const ReportContext = createContext<Report>(() => {});

export function useReportError(): Report {
  return useContext(ReportContext);
}

const TOAST_MS = 8000;
let nextToast = 1;

export function ErrorProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [fatal, setFatal] = useState<ApiError | null>(null);

  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);

  const report = useCallback<Report>(
    (err) => {
      if (isFatal(err)) {
        setFatal((cur) => cur ?? err);
        return;
      }
      const message = err instanceof Error ? err.message : String(err);
      const code = err instanceof ApiError ? err.code : "internal";
      const id = nextToast++;
      // The same message twice in a row (e.g. a burst of refreshes) shows once.
      setToasts((ts) => (ts.some((t) => t.message === message) ? ts : [...ts.slice(-3), { id, message, code }]));
      setTimeout(() => dismiss(id), TOAST_MS);
    },
    [dismiss],
  );

  if (fatal) return <FatalState error={fatal} />;
  return (
    <ReportContext.Provider value={report}>
      {children}
      <Toasts toasts={toasts} onDismiss={dismiss} />
    </ReportContext.Provider>
  );
}
