// The window: sidebar and the open screen (orders, held orders, inventory, locations & partners,
// rules, channels, outbox, webhooks), inside the error boundary that turns failures into toasts or a
// full-window explanation.
import { useCallback } from "react";
import { ChannelsPage } from "./components/channels/ChannelsPage";
import { HeldPage } from "./components/held/HeldPage";
import { InventoryPage } from "./components/inventory/InventoryPage";
import { LocationsPage } from "./components/locations/LocationsPage";
import { OutboxPage } from "./components/outbox/OutboxPage";
import { QueuePage } from "./components/queue/QueuePage";
import { RulesPage } from "./components/rules/RulesPage";
import { ErrorProvider, useReportError } from "./components/shell/errors";
import { Sidebar } from "./components/shell/Sidebar";
import { WebhooksPage } from "./components/webhooks/WebhooksPage";
import { useConnectivity } from "./hooks/useConnectivity";
import { useFacets } from "./hooks/useFacets";
import { useOrdersChanged } from "./hooks/useOrdersChanged";
import { useRoute } from "./hooks/useRoute";
import { useTheme } from "./hooks/useTheme";
import { useWorkspace } from "./hooks/useWorkspace";

/** New tags and carriers arrive with orders; picker lists need not be fresher than this. */
const FACETS_REFRESH_MS = 5000;

function Shell() {
  const report = useReportError();
  const screen = useRoute();
  const { theme, cycle } = useTheme();
  const workspace = useWorkspace(report);
  const { facets, refresh: refreshFacets } = useFacets(report);
  const { connectivity, refresh: refreshConnectivity } = useConnectivity(report);
  const onChange = useCallback(() => {
    workspace.refresh();
    refreshFacets();
  }, [workspace, refreshFacets]);
  useOrdersChanged(onChange, FACETS_REFRESH_MS);

  return (
    <div className="app">
      <Sidebar screen={screen} info={workspace.info} connectivity={connectivity} theme={theme} onTheme={cycle} />
      <main className="content">
        {screen === "orders" && <QueuePage facets={facets} />}
        {screen === "held" && <HeldPage />}
        {screen === "inventory" && <InventoryPage />}
        {screen === "locations" && <LocationsPage />}
        {screen === "rules" && <RulesPage />}
        {screen === "channels" && <ChannelsPage />}
        {screen === "outbox" && <OutboxPage onChanged={refreshConnectivity} />}
        {screen === "webhooks" && <WebhooksPage />}
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
