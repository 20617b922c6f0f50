// The window: sidebar and the order queue, inside the error boundary that turns failures into
// toasts or a full-window explanation.
import { useCallback } from "react";
import { QueuePage } from "./components/queue/QueuePage";
import { ErrorProvider, useReportError } from "./components/shell/errors";
import { Sidebar } from "./components/shell/Sidebar";
import { useFacets } from "./hooks/useFacets";
import { useOrdersChanged } from "./hooks/useOrdersChanged";
import { useTheme } from "./hooks/useTheme";
import { useWorkspace } from "./hooks/useWorkspace";

/** New tags and carriers arrive with orders; picker lists need not be fresher than this. */
const FACETS_REFRESH_MS = 5000;

function Shell() {
  const report = useReportError();
  const { theme, cycle } = useTheme();
  const workspace = useWorkspace(report);
  const { facets, refresh: refreshFacets } = useFacets(report);
  const onChange = useCallback(() => {
    workspace.refresh();
    refreshFacets();
  }, [workspace, refreshFacets]);
  useOrdersChanged(onChange, FACETS_REFRESH_MS);

  return (
    <div className="app">
      <Sidebar info={workspace.info} theme={theme} onTheme={cycle} />
      <main className="content">
        <QueuePage facets={facets} />
      </main>
    </div>
  );
}

export function App() {
  return (
    <ErrorProvider>
      <Shell />
    </ErrorProvider>
  );
}
