// Left navigation: only screens that exist (the outbox with its count of dead effects, which
// need a person), plus which workspace is open, whether the demo store is delivering orders,
// and whether the channels can be reached.
import type { WorkspaceInfo } from "../../bindings";
import { formatCount } from "../../format/numbers";
import type { Screen } from "../../hooks/useRoute";
import type { ThemeChoice } from "../../hooks/useTheme";
import type { Connectivity } from "../../bindings";
import { OfflineIndicator } from "./OfflineIndicator";
import "../../styles/sync.css";

type Props = {
  screen: Screen;
  info: WorkspaceInfo | null;
  connectivity: Connectivity | null;
  theme: ThemeChoice;
  onTheme: () => void;
};

const ICONS: Record<Screen, string> = {
  orders: "M2.5 4h11M2.5 8h11M2.5 12h7",
  held: "M5 3v10M11 3v10",
  inventory: "M2.5 2.5v11M13.5 2.5v11M2.5 6h11M2.5 10h11",
  locations: "M8 14s4.5-4.2 4.5-7.5a4.5 4.5 0 0 0-9 0C3.5 9.8 8 14 8 14zM8 8a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3z",
  rules: "M2.5 4h3m3 0h5M2.5 8h7m3 0h1M2.5 12h1m3 0h7M5.5 2.5v3M9.5 6.5v3M3.5 10.5v3",
  channels: "M6.5 9.5a3 3 0 0 0 4.2 0l2-2a3 3 0 0 0-4.2-4.2l-.8.8M9.5 6.5a3 3 0 0 0-4.2 0l-2 2a3 3 0 0 0 4.2 4.2l.8-.8",
  outbox: "M2.5 9.5h3l1 2h3l1-2h3M2.5 9.5 4 4h8l1.5 5.5v3h-11z",
  webhooks: "M8 2.5v5M5.5 5 8 7.5 10.5 5M3 9.5a5 5 0 0 0 10 0",
};
const LABELS: Record<Screen, string> = {
  orders: "Orders",
  held: "Held",
  inventory: "Inventory",
  locations: "Locations",
  rules: "Rules",
  channels: "Channels",
  outbox: "Outbox",
  webhooks: "Webhooks",
};

const THEME_LABEL: Record<ThemeChoice, string> = { system: "Theme: system", light: "Theme: light", dark: "Theme: dark" };

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

export function Sidebar({ screen, info, connectivity, theme, onTheme }: Props) {
  const dead = connectivity?.dead ?? 0;
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden>
          <svg viewBox="0 0 20 20">
            <path d="M3 6.5 10 3l7 3.5v7L10 17l-7-3.5z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
            <path d="M3 6.5 10 10l7-3.5M10 10v7" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
          </svg>
        </span>
        Waybill
      </div>
      <ul className="nav">
        {(Object.keys(LABELS) as Screen[]).map((name) => (
          <li key={name}>
            <a
              className={`nav-item ${screen === name ? "is-active" : ""}`}
              aria-current={screen === name ? "page" : undefined}
              href={`#${name}`}
              data-testid={`nav-${name}`}
            >
              <svg viewBox="0 0 16 16" aria-hidden>
                <path d={ICONS[name]} stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" fill="none" />
              </svg>
              {LABELS[name]}
              {name === "outbox" && dead > 0 && (
                <span className="nav-badge is-dead" data-testid="outbox-dead-badge" title={`${formatCount(dead)} dead effects need a person`}>
                  {formatCount(dead)}
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
      <div className="sidebar-foot" data-testid="workspace-info">
        <OfflineIndicator connectivity={connectivity} />
        {info && (
          <>
            <div className="ws-block" title={info.database_path}>
              <span className="ws-label">Workspace</span>
              <span className="ws-path">{fileName(info.database_path)}</span>
            </div>
            <div className="ws-row">
              <span className="ws-label">Orders</span>
              <span>{formatCount(info.order_count)}</span>
            </div>
            <div className={`ws-demo ${info.demo_running ? "is-live" : ""}`} data-testid="demo-status">
              <span className="dot" aria-hidden />
              {info.demo_running ? "Demo store live" : "Demo store off"}
            </div>
          </>
        )}
        <button type="button" className="button ghost small theme-toggle" data-testid="theme-toggle" onClick={onTheme}>
          {THEME_LABEL[theme]}
        </button>
        <dl className="keys-hint" aria-label="Keyboard shortcuts">
          <dt><kbd>j</kbd> <kbd>k</kbd></dt>
          <dd>move</dd>
          <dt><kbd>enter</kbd></dt>
          <dd>open</dd>
          <dt><kbd>x</kbd></dt>
          <dd>select</dd>
          <dt><kbd>/</kbd></dt>
          <dd>search</dd>
          <dt><kbd>1</kbd>–<kbd>8</kbd></dt>
          <dd>tabs</dd>
        </dl>
      </div>
    </nav>
  );
}
