// A fake Waybill backend for running the UI in a plain browser (dev server, screenshots, browser
// tests). It answers the real command names through Tauri's own IPC mock, so bindings.ts and
// api.ts run unchanged. Query string knobs: ?mock-orders=N, ?mock-error=<ErrorCode>, ?mock-demo=off.
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import type { ErrorCode, ManualAction, OrderFilter, OrderQuery, OrdersChanged } from "./bindings";
import type { DryRunScope, Ruleset } from "./bindings";
import { CARRIERS, CHANNELS, LOCATIONS, ORDER_TAGS } from "./mock/catalog";
import { fakeOrder, fakeOrders, rng } from "./mock/fake-orders";
import { MockStore } from "./mock/store";
import { rulesFor } from "./mock/rules";

const DEMO_EVERY_MS = 7000;

export function installMockBackend(): void {
  const params = new URLSearchParams(window.location.search);
  const count = Math.min(50_000, Number(params.get("mock-orders")) || 600);
  const forcedError = params.get("mock-error") as ErrorCode | null;
  const demo = params.get("mock-demo") !== "off";
  const store = new MockStore(fakeOrders(count));
  const r = rng(99);
  let seq = count + 1;

  const changed = (payload: OrdersChanged) => void emit("orders-changed", payload);
  // Answers come back after a short, varying delay, like a real IPC round trip and query.
  const later = <T,>(value: () => T): Promise<T> =>
    new Promise((resolve, reject) =>
      setTimeout(() => {
        try {
          resolve(value());
        } catch (e) {
          reject(e);
        }
      }, 20 + Math.random() * 80),
    );

  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      if (forcedError) return Promise.reject({ code: forcedError, message: `simulated ${forcedError} error (mock backend)` });
      switch (cmd) {
        case "list_orders":
          return later(() => store.listOrders(a.query as OrderQuery));
        case "tab_counts":
          return later(() => store.tabCounts(a.filter as OrderFilter));
        case "order_detail":
          return later(() => store.detail(a.id as string));
        case "apply_action":
          return later(() => {
            const outcome = store.apply(a.ids as string[], a.action as ManualAction);
            if (outcome.applied.length > 0) setTimeout(() => changed({ ids: outcome.applied, cause: "action" }), 10);
            return outcome;
          });
        case "rerun_rules":
          return later(() => {
            const outcome = store.rerun(a.ids as string[]);
            if (outcome.applied.length > 0) setTimeout(() => changed({ ids: outcome.applied, cause: "rules" }), 10);
            return outcome;
          });
        case "held_overview":
          return later(() => store.heldOverview());
        case "facets":
          return later(() => ({
            channels: CHANNELS.map(({ id, name, kind, created_at }) => ({ id, name, kind, created_at })),
            locations: LOCATIONS,
            carriers: [...new Set(Object.values(CARRIERS).flatMap((cs) => cs.map((c) => c.carrier)))].sort(),
            tags: ORDER_TAGS,
          }));
        case "rules_view":
          return later(() => rulesFor(store).view());
        case "validate_ruleset":
          return later(() => rulesFor(store).validate(a.draft as Ruleset));
        case "save_ruleset":
          return later(() => rulesFor(store).save(a.draft as Ruleset, a.baseVersion as number));
        case "rule_history":
          return later(() => rulesFor(store).ruleHistory(a.limit as number));
        case "test_rules":
          return later(() => rulesFor(store).test(a.draft as Ruleset | null, a.orderId as string));
        case "dry_run":
          return later(() => rulesFor(store).dryRun(a.draft as Ruleset, a.scope as DryRunScope));
        case "workspace_info":
          return later(() => ({ database_path: "/home/ana/.local/share/waybill/workspace.db", order_count: store.count(), demo_running: demo }));
        default:
          return Promise.reject({ code: "internal", message: `unknown command ${cmd}` });
      }
    },
    { shouldMockEvents: true },
  );

  // The demo storefront keeps delivering orders, as the real demo channel does.
  if (demo && !forcedError) {
    setInterval(() => {
      const row = fakeOrder(r, seq++, Date.now(), r.chance(0.2) ? "on_hold" : "ready");
      store.add(row);
      changed({ ids: [row.order.id], cause: "imported" });
    }, DEMO_EVERY_MS);
  }
}
