// The fake backend's stock and locations, for the Inventory and Locations & partners screens and
// the order detail's shipments in a plain browser. Believable rather than exact (the real engine
// is crates/app/src/inventory): 40 SKUs across Reno and Newark (warehouses), the Brooklyn store,
// ShipRight 3PL (simulated, in Rotterdam) and Amazon MCF (the drop-ship vendor keeps its own
// stock); five SKUs are low; three channels are fed, two of them with a buffer. Counts and
// adjustments really change the stock (all or nothing, with the backend's refusals and wording),
// a counts file with a bad row changes nothing and names every bad line, and stock arriving for
// a SKU routes the orders held out of stock waiting for it, oldest first. Orders' shipments are
// derived from the order (a partner's with its hand-off, acknowledgement and parcels); a
// re-routed order keeps the hand-off its partner rejected; a partner's confirmation entered by
// hand ships its shipment in that parcel and takes its units off the shelf. Partner health is in
// mock/partners.ts.
import type {
  AdjustmentReason,
  AdjustmentView,
  AppError,
  ChannelColumn,
  HoldReason,
  CountImport,
  CountRowError,
  InventoryQuery,
  InventoryView,
  Location,
  LocationId,
  LocationView,
  NewLocation,
  Order,
  OrderEvent,
  PackageView,
  ShipmentStatus,
  ShipmentView,
  SkuStock,
  StockChange,
  StockOutcome,
} from "../bindings";
import { CHANNELS, LOCATIONS, PRODUCTS } from "./catalog";
import { rng } from "./fake-orders";

const MIN = 60_000;
const HOUR = 60 * MIN;
const MAX_ROWS = 500;

const fail = (code: AppError["code"], message: string): AppError => ({ code, message });
const iso = (ms: number) => new Date(ms).toISOString();

export type StockProduct = { sku: string; name: string; tags: string[]; low_stock_at: number };

/** Beyond the order catalogue (mock/catalog.ts): 22 more SKUs, so the table has ~40 rows. */
const MORE_PRODUCTS: Omit<StockProduct, "low_stock_at">[] = [
  { sku: "TNT-1P-ORG", name: "Solo 1P tent, orange", tags: ["oversize"] },
  { sku: "TNT-3P-GRY", name: "Basecamp 3P tent, grey", tags: ["oversize"] },
  { sku: "BAG-0F-LNG", name: "Arctic 0°F sleeping bag, long", tags: [] },
  { sku: "PAD-FOAM-Z", name: "Foam Z pad", tags: ["oversize"] },
  { sku: "PIL-INF", name: "Inflatable pillow", tags: [] },
  { sku: "STV-LQD-MF", name: "Multi-fuel liquid stove", tags: [] },
  { sku: "FUEL-450", name: "Isobutane fuel 450 g", tags: ["hazmat"] },
  { sku: "FUEL-WHT-1L", name: "White gas 1 L", tags: ["hazmat"] },
  { sku: "LMP-LNT-USB", name: "USB lantern", tags: ["battery"] },
  { sku: "BTL-SFT-500", name: "Soft flask 500 ml", tags: [] },
  { sku: "FLT-GRV-4L", name: "Gravity filter 4 L", tags: [] },
  { sku: "JKT-DWN-M", name: "Down jacket, men's M", tags: ["apparel"] },
  { sku: "JKT-DWN-W", name: "Down jacket, women's S", tags: ["apparel"] },
  { sku: "GLV-LNR-L", name: "Liner gloves, L", tags: ["apparel"] },
  { sku: "HAT-BNE-MRN", name: "Merino beanie", tags: ["apparel"] },
  { sku: "PCK-30L", name: "Day pack 30 L", tags: [] },
  { sku: "PCK-65L", name: "Expedition pack 65 L", tags: ["oversize"] },
  { sku: "PLS-ALU", name: "Aluminium trekking poles", tags: ["oversize"] },
  { sku: "MAP-AT-2", name: "AT map set, section 2", tags: [] },
  { sku: "CMP-BSE", name: "Baseplate compass", tags: [] },
  { sku: "FAK-TRK", name: "Trek first-aid kit", tags: [] },
  { sku: "SPR-BEAR", name: "Bear spray 290 g", tags: ["hazmat"] },
];

const RENO = "loc_01reno";
const BROOKLYN = "loc_02bkln";
/** ShipRight 3PL: the simulated 3PL, in Rotterdam (EU orders go there). */
const SHIPRIGHT = "loc_03rtm";
const MCF = "loc_04mcf";
const DROPSHIP = "loc_05pac";
const NEWARK = "loc_06nwk";

/** Stock that is short on purpose: [location, on hand, reserved] per SKU (no other rows). */
const LOW: Record<string, [LocationId, number, number][]> = {
  "TNT-2P-GRN": [[RENO, 0, 0], [NEWARK, 2, 2], [BROOKLYN, 1, 0]],
  "FUEL-230": [[RENO, 6, 2], [NEWARK, 3, 0]],
  "JKT-RN-W": [[RENO, 5, 1], [BROOKLYN, 2, 0], [SHIPRIGHT, 0, 0]],
  "PLS-CRB": [[RENO, 9, 4], [NEWARK, 4, 2]],
  "SPR-BEAR": [[RENO, 3, 0], [NEWARK, 0, 0]],
};
/** What orders held out of stock are waiting for (one of these each). */
const SHORT_SKUS = Object.keys(LOW);

const FEEDS: ChannelColumn[] = [
  { id: "chn_02shop", name: "", buffer: 2, locations: [RENO, NEWARK, BROOKLYN] },
  { id: "chn_03woo", name: "", buffer: 0, locations: [SHIPRIGHT] },
  { id: "chn_04amz", name: "", buffer: 5, locations: [MCF] },
].map((f) => ({ ...f, name: CHANNELS.find((c) => c.id === f.id)?.name ?? f.id }));

type LocationRow = {
  location: Location;
  daily_capacity: number | null;
  adapter: string | null;
  active: boolean;
  shipments_today: number;
  open_shipments: number;
};

export const PARTNER_KINDS = new Set<Location["kind"]>(["drop_ship_vendor", "third_party_logistics", "amazon_mcf"]);
const DEFAULT_ADAPTER: Record<Location["kind"], string> = {
  amazon_mcf: "mcf",
  third_party_logistics: "threepl",
  drop_ship_vendor: "dropship_folder",
  warehouse: "none",
  store: "none",
};
/** Seeded partners whose adapter is not their kind's usual one. */
const ADAPTER: Record<string, string> = { [SHIPRIGHT]: "simulated" };

/** Capacity, today's load and open shipments per seeded location. */
const LOAD: Record<string, [number | null, number, number]> = {
  [RENO]: [400, 212, 138],
  [NEWARK]: [250, 231, 97],
  [BROOKLYN]: [40, 43, 12],
  [SHIPRIGHT]: [300, 96, 41],
  [MCF]: [null, 57, 33],
  [DROPSHIP]: [60, 9, 14],
};

type Level = { on_hand: number; reserved: number };

/** An order held out of stock, as the inventory sees it. */
export type WaitingOrder = { id: string; number: string; placed_at: string };

export type InventoryHooks = {
  /** Orders held out of stock, any order. */
  waiting: () => WaitingOrder[];
  /** Releases these orders: their stock arrived. */
  release: (ids: string[]) => void;
};

/** A small stable hash of an id, for choices that must not change between reads. */
function hashOf(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return h >>> 0;
}

const key = (location: LocationId, sku: string) => `${location}|${sku}`;

export class MockInventory {
  private rows: LocationRow[];
  private products: StockProduct[];
  private stock = new Map<string, Level>();
  private adjustments: AdjustmentView[] = [];
  private added = 0;
  /** When the mock started: partners' hand-offs in flight are dated from it. */
  private epoch: number;
  private late = new Set<string>();
  private rejections = new Map<string, ShipmentView>();
  /** Shipments a person confirmed by hand, by order and location: as they were, and the parcels they shipped in. */
  private confirmed = new Map<string, { before: ShipmentView; packages: PackageView[]; at: string }>();

  constructor(
    private hooks: InventoryHooks = { waiting: () => [], release: () => {} },
    now = Date.now(),
  ) {
    this.epoch = now;
    this.rows = LOCATIONS.map((l) => {
      const [cap, today, open] = LOAD[l.id] ?? [null, 0, 0];
      return {
        location: { ...l },
        daily_capacity: cap,
        adapter: PARTNER_KINDS.has(l.kind) ? (ADAPTER[l.id] ?? DEFAULT_ADAPTER[l.kind]) : null,
        active: true,
        shipments_today: today,
        open_shipments: open,
      };
    });
    const thresholds = [5, 8, 10, 12, 15, 20];
    this.products = [...PRODUCTS, ...MORE_PRODUCTS].map((p, i) => ({
      sku: p.sku,
      name: p.name,
      tags: [...p.tags],
      low_stock_at: LOW[p.sku] ? 10 : thresholds[i % thresholds.length],
    }));
    this.seedStock();
    this.seedAdjustments(now);
  }

  // ---- Seeding --------------------------------------------------------------------------------

  private seedStock() {
    const r = rng(31);
    const reserve = (onHand: number) => (r.chance(0.4) ? r.int(1, Math.min(8, onHand)) : 0);
    const put = (loc: LocationId, sku: string, lo: number, hi: number) => {
      const on_hand = r.int(lo, hi);
      this.stock.set(key(loc, sku), { on_hand, reserved: reserve(on_hand) });
    };
    for (const p of this.products) {
      const forced = LOW[p.sku];
      if (forced) {
        for (const [loc, on_hand, reserved] of forced) this.stock.set(key(loc, p.sku), { on_hand, reserved });
        continue;
      }
      const hazmat = p.tags.includes("hazmat");
      // Reno carries everything, and enough of it that only the SKUs above are low.
      put(RENO, p.sku, 40, 300);
      if (r.chance(0.75)) put(NEWARK, p.sku, 30, 220);
      if (r.chance(0.4)) put(BROOKLYN, p.sku, 3, 24);
      if (!hazmat && r.chance(0.5)) put(SHIPRIGHT, p.sku, 10, 150);
      // Amazon takes no dangerous goods and charges dearly for oversize.
      if (!hazmat && !p.tags.includes("oversize") && r.chance(0.45)) put(MCF, p.sku, 10, 120);
    }
  }

  private seedAdjustments(now: number) {
    type Seed = [minutesAgo: number, actor: string, kind: string, location: LocationId, sku: string, delta: number, reason: AdjustmentReason | null, note: string | null];
    const seeds: Seed[] = [
      [12, "user:ana", "adjusted", RENO, "FUEL-230", -4, "damaged", "Two cans dented on receipt, set aside for disposal"],
      [41, "user:marco", "adjusted", NEWARK, "LMP-400", 120, "received", "PO 4471, pallet 2 of 2"],
      [68, "mcf inventory report", "reconciled", MCF, "BTL-1L-STL", -3, null, null],
      [125, "user:priya", "counted", BROOKLYN, "JKT-RN-W", -1, null, null],
      [190, "user:ana", "adjusted", RENO, "TNT-2P-GRN", -2, "lost", "Not at bin A-14 during the afternoon pick"],
      [305, "user:marco", "adjusted", RENO, "SCK-MRN-3", 6, "returned", "Customer returns, resealed"],
      [26 * 60, "threepl stock report", "reconciled", SHIPRIGHT, "PCK-45L", 12, null, null],
      [27 * 60, "user:ana", "adjusted", NEWARK, "BAG-20F-REG", -1, "correction", "Double-scanned on receipt"],
      [47 * 60, "user:priya", "adjusted", BROOKLYN, "CUP-TI-450", 2, "found", "Behind the counter display"],
      [50 * 60, "user:marco", "adjusted", RENO, "GFT-CARD-50", -5, "other", "Gift cards moved to the office safe"],
    ];
    this.adjustments = seeds.map(([ago, actor, kind, loc, sku, delta, reason, note]) => {
      const level = this.stock.get(key(loc, sku)) ?? { on_hand: Math.max(0, delta), reserved: 0 };
      this.stock.set(key(loc, sku), level);
      return { at: iso(now - ago * MIN), kind, location: this.nameOf(loc), sku, delta, on_hand_after: level.on_hand, reason, note, actor };
    });
  }

  // ---- Reading --------------------------------------------------------------------------------

  private nameOf(id: LocationId): string {
    return this.rows.find((r) => r.location.id === id)?.location.name ?? id;
  }

  private level(loc: LocationId, sku: string): Level | undefined {
    return this.stock.get(key(loc, sku));
  }

  /** Locations as the queue's filters know them, including ones added here. */
  locations(): Location[] {
    return this.rows.map((r) => ({ ...r.location }));
  }

  private skuStock(p: StockProduct): SkuStock {
    const locations = this.rows
      .map((r) => ({ id: r.location.id, level: this.level(r.location.id, p.sku) }))
      .filter((x): x is { id: string; level: Level } => x.level !== undefined)
      .map(({ id, level }) => ({ location_id: id, on_hand: level.on_hand, reserved: level.reserved, available: Math.max(0, level.on_hand - level.reserved) }));
    const sum = (f: (l: (typeof locations)[number]) => number) => locations.reduce((n, l) => n + f(l), 0);
    const available = sum((l) => l.available);
    return {
      sku: p.sku,
      name: p.name,
      tags: [...p.tags],
      low_stock_at: p.low_stock_at,
      locations,
      on_hand: sum((l) => l.on_hand),
      reserved: sum((l) => l.reserved),
      available,
      channels: FEEDS.map((f) => ({
        channel_id: f.id,
        quantity: Math.max(0, locations.filter((l) => f.locations.includes(l.location_id)).reduce((n, l) => n + l.available, 0) - f.buffer),
      })),
      low: available <= p.low_stock_at,
    };
  }

  view(q: InventoryQuery): InventoryView {
    const all = this.products.map((p) => this.skuStock(p));
    const words = q.search.toLowerCase().split(/\s+/).filter(Boolean);
    const rows = all
      .filter((s) => words.every((w) => `${s.sku} ${s.name}`.toLowerCase().includes(w)) && (!q.low_only || s.low))
      .sort((a, b) => Number(b.low) - Number(a.low) || a.sku.localeCompare(b.sku));
    const limit = q.limit === 0 ? MAX_ROWS : Math.min(q.limit, MAX_ROWS);
    return {
      locations: this.rows.map((r) => ({ id: r.location.id, name: r.location.name, kind: r.location.kind })),
      channels: FEEDS.map((f) => ({ ...f, locations: [...f.locations] })),
      rows: rows.slice(0, limit),
      matching: rows.length,
      total_skus: all.length,
      low_skus: all.filter((s) => s.low).length,
      units_on_hand: all.reduce((n, s) => n + s.on_hand, 0),
      units_reserved: all.reduce((n, s) => n + s.reserved, 0),
      adjustments: this.adjustments.slice(0, 50).map((a) => ({ ...a })),
    };
  }

  // ---- Changing stock -------------------------------------------------------------------------

  /** `change_stock`: all or none, by `actor`; then the orders waiting for stock that came in. */
  change(changes: StockChange[], actor = "user:ana", now = Date.now(), names: Map<string, string> = new Map()): StockOutcome {
    const outcome: StockOutcome = { changed_rows: 0, rerouted: [], shortfalls: [] };
    if (changes.length === 0) return outcome;
    for (const c of changes) {
      if (!this.rows.some((r) => r.location.id === c.location_id)) throw fail("not_found", `there is no location ${c.location_id}`);
      if (c.sku.trim() === "") throw fail("invalid_input", `\`${c.sku}\` is not a SKU`);
    }
    // Worked out on copies first: one refused change leaves everything as it was.
    const next = new Map<string, Level>();
    const log: AdjustmentView[] = [];
    const arrived = new Set<string>();
    for (const c of changes) {
      const sku = c.sku.trim();
      const k = key(c.location_id, sku);
      const before = next.get(k) ?? this.stock.get(k) ?? { on_hand: 0, reserved: 0 };
      let on_hand: number;
      if (c.kind === "adjust") {
        if (c.delta === 0) throw fail("invalid_input", `${sku} at ${c.location_id}: a quantity of zero changes nothing`);
        if (before.on_hand + c.delta < 0) {
          throw fail("invalid_input", `adjusting ${sku} at ${c.location_id} by ${c.delta} would leave ${before.on_hand} on hand below zero`);
        }
        on_hand = before.on_hand + c.delta;
      } else {
        on_hand = c.on_hand;
      }
      if (on_hand === before.on_hand && c.kind === "count") continue;
      next.set(k, { on_hand, reserved: before.reserved });
      if (on_hand > before.on_hand) arrived.add(sku);
      log.push({
        at: iso(now),
        kind: c.kind === "adjust" ? "adjusted" : "counted",
        location: this.nameOf(c.location_id),
        sku,
        delta: on_hand - before.on_hand,
        on_hand_after: on_hand,
        reason: c.kind === "adjust" ? c.reason : null,
        note: c.kind === "adjust" && c.note.trim() ? c.note.trim() : null,
        actor,
      });
    }
    // SKUs new to the catalogue join it, named by the file or by their SKU.
    for (const c of changes) {
      const sku = c.sku.trim();
      if (!this.products.some((p) => p.sku === sku)) this.products.push({ sku, name: names.get(sku) || sku, tags: [], low_stock_at: 0 });
    }
    for (const [k, level] of next) {
      this.stock.set(k, level);
      if (level.reserved > level.on_hand) {
        const [loc, sku] = k.split("|");
        outcome.shortfalls.push(`${sku} at ${loc}: ${level.reserved - level.on_hand} reserved units not on hand`);
      }
    }
    outcome.changed_rows = next.size;
    this.adjustments = [...log.reverse(), ...this.adjustments].slice(0, 200);
    outcome.rerouted = this.reroute(arrived);
    return outcome;
  }

  /** What an order held out of stock waits for: one short SKU, one or two units. */
  static waitingFor(orderId: string): { sku: string; quantity: number } {
    const h = hashOf(orderId);
    return { sku: SHORT_SKUS[h % SHORT_SKUS.length], quantity: 1 + ((h >>> 8) % 2) };
  }

  /** Orders waiting for a SKU that arrived get it reserved where it is, oldest first. */
  private reroute(arrived: Set<string>): string[] {
    if (arrived.size === 0) return [];
    const ids: string[] = [];
    const numbers: string[] = [];
    const waiting = [...this.hooks.waiting()].sort((a, b) => a.placed_at.localeCompare(b.placed_at));
    for (const o of waiting) {
      const want = MockInventory.waitingFor(o.id);
      if (!arrived.has(want.sku)) continue;
      const at = this.rows
        .filter((r) => !PARTNER_KINDS.has(r.location.kind))
        .map((r) => this.level(r.location.id, want.sku))
        .find((l): l is Level => l !== undefined && l.on_hand - l.reserved >= want.quantity);
      if (!at) continue;
      at.reserved += want.quantity;
      ids.push(o.id);
      numbers.push(o.number);
    }
    if (ids.length > 0) this.hooks.release(ids);
    return numbers;
  }

  /** `import_counts`: `sku`, `location` (id or name) and `on_hand`, optionally `name`. */
  importCounts(csv: string, location: LocationId | null, actor = "user:ana", now = Date.now()): CountImport {
    const lines = csv.replace(/^\uFEFF/, "").split(/\r?\n/);
    const split = (line: string) => line.split(",").map((f) => f.trim().replace(/^"(.*)"$/, "$1"));
    const headers = split(lines[0] ?? "").map((h) => h.toLowerCase());
    const col = (name: string) => {
      const i = headers.indexOf(name);
      return i < 0 ? null : i;
    };
    const [skuCol, countCol, locCol, nameCol] = [col("sku"), col("on_hand"), col("location"), col("name")];
    if (skuCol === null || countCol === null) throw fail("invalid_input", "line 1: the file needs `sku` and `on_hand` columns");
    if (locCol === null && !location) throw fail("invalid_input", "line 1: the file has no `location` column: name the location to count");
    if (location && !this.rows.some((r) => r.location.id === location)) throw fail("not_found", `there is no location ${location}`);
    const changes: StockChange[] = [];
    const names = new Map<string, string>();
    const errors: CountRowError[] = [];
    let rows = 0;
    for (const [i, text] of lines.slice(1).entries()) {
      if (text.trim() === "") continue;
      const line = i + 2;
      rows += 1;
      const f = split(text);
      const field = (c: number | null) => (c === null ? "" : (f[c] ?? ""));
      const refuse = (message: string) => errors.push({ line, message });
      const sku = field(skuCol);
      if (!sku) {
        refuse("sku is empty");
        continue;
      }
      const count = field(countCol);
      if (!/^\d+$/.test(count)) {
        refuse(`on_hand \`${count}\` is not a whole number of units`);
        continue;
      }
      const named = field(locCol);
      let at = location;
      if (named) {
        const row = this.rows.find((r) => r.location.id === named || r.location.name.toLowerCase() === named.toLowerCase());
        if (!row) {
          refuse(`there is no location \`${named}\``);
          continue;
        }
        at = row.location.id;
      }
      if (!at) {
        refuse("location is empty");
        continue;
      }
      if (field(nameCol)) names.set(sku, field(nameCol));
      changes.push({ kind: "count", location_id: at, sku, on_hand: Number(count) });
    }
    if (errors.length > 0) return { rows, outcome: null, errors };
    return { rows, outcome: this.change(changes, actor, now, names), errors };
  }

  // ---- Locations ------------------------------------------------------------------------------

  locationsView(): LocationView[] {
    const partner = (r: LocationRow) => PARTNER_KINDS.has(r.location.kind);
    return this.rows
      .map((r) => ({
        id: r.location.id,
        name: r.location.name,
        kind: r.location.kind,
        postal_code: r.location.postal_code,
        country: r.location.country,
        daily_capacity: r.daily_capacity,
        shipments_today: r.shipments_today,
        open_shipments: r.open_shipments,
        adapter: r.adapter ?? (partner(r) ? DEFAULT_ADAPTER[r.location.kind] : null),
        active: r.active,
      }))
      .sort((a, b) => Number(PARTNER_KINDS.has(a.kind)) - Number(PARTNER_KINDS.has(b.kind)) || a.name.localeCompare(b.name));
  }

  addLocation(n: NewLocation): LocationId {
    const name = n.name.trim();
    if (!name) throw fail("invalid_input", "name: a location needs a name");
    const country = n.country.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) throw fail("invalid_input", `country: \`${n.country}\` is not a two-letter country code`);
    if (this.rows.some((r) => r.location.name.toLowerCase() === name.toLowerCase())) {
      throw fail("conflict", `name: there is already a location called ${name}`);
    }
    const id = `loc_${String(LOCATIONS.length + ++this.added).padStart(2, "0")}${name.toLowerCase().replace(/[^a-z]/g, "").slice(0, 4)}`;
    this.rows.push({
      location: { id, name, kind: n.kind, postal_code: n.postal_code.trim(), country },
      daily_capacity: n.daily_capacity,
      adapter: n.settings?.adapter ?? null,
      active: true,
      shipments_today: 0,
      open_shipments: 0,
    });
    return id;
  }

  setCapacity(id: LocationId, capacity: number | null): null {
    const row = this.rows.find((r) => r.location.id === id);
    if (!row) throw fail("not_found", `there is no location ${id}`);
    row.daily_capacity = capacity;
    return null;
  }

  // ---- Partners -------------------------------------------------------------------------------

  /** Partner locations as mock/partners.ts reports on them. */
  partnerRows(): { id: LocationId; name: string; kind: Location["kind"]; adapter: string | null; active: boolean }[] {
    return this.rows
      .filter((r) => PARTNER_KINDS.has(r.location.kind))
      .map((r) => ({ id: r.location.id, name: r.location.name, kind: r.location.kind, adapter: r.adapter ?? DEFAULT_ADAPTER[r.location.kind], active: r.active }));
  }

  /** Whether the location exists (seeded or added). */
  hasLocation(id: LocationId): boolean {
    return this.rows.some((r) => r.location.id === id);
  }

  /** The partner this order's hand-off was rejected by, if it was (the router never goes back there). */
  rejectedBy(o: Order, timeline: OrderEvent[]): LocationId[] {
    return this.shipmentsOf(o, timeline)
      .filter((s) => s.status === "rejected")
      .map((s) => s.location_id);
  }

  /**
   * Where a re-routed order goes now (its hold already released and the rules run again): where
   * the rules put it unless that is a partner that rejected it, else the nearest warehouse; an
   * order held out of stock only if the SKU it waits for is available somewhere of ours (reserved
   * there), else it is held out of stock again.
   */
  placeAgain(o: Order, reason: HoldReason, avoid: LocationId[]): Placement {
    const fallback = o.currency === "USD" ? RENO : NEWARK;
    if (reason === "out_of_stock") {
      const want = MockInventory.waitingFor(o.id);
      const at = this.rows
        .filter((r) => !PARTNER_KINDS.has(r.location.kind) && !avoid.includes(r.location.id))
        .map((r) => ({ id: r.location.id, level: this.level(r.location.id, want.sku) }))
        .find((x): x is { id: string; level: Level } => x.level !== undefined && x.level.on_hand - x.level.reserved >= want.quantity);
      if (!at) {
        return { hold: { reason: "out_of_stock", note: `${want.sku}: ${want.quantity} needed, no location has them available` } };
      }
      at.level.reserved += want.quantity;
      return { location_id: at.id };
    }
    const ruled = o.location_id;
    return { location_id: ruled && this.hasLocation(ruled) && !avoid.includes(ruled) ? ruled : fallback };
  }

  // ---- Orders' shipments ----------------------------------------------------------------------

  /** This order's hand-off waits 27 h for its partner to acknowledge it: an SLA breach. */
  slowToAcknowledge(orderId: string) {
    this.late.add(orderId);
  }

  /** Keeps the hand-off a partner rejected once the order is routed elsewhere (its history). */
  rememberRejection(o: Order, timeline: OrderEvent[]) {
    const rejected = this.shipmentsOf(o, timeline).find((s) => s.status === "rejected");
    if (rejected) this.rejections.set(o.id, rejected);
  }

  /**
   * A partner's confirmation entered by hand (`confirm_shipment`, checked by the caller): the
   * whole shipment shipped in one parcel with every line, its units off the location's shelf
   * (and out of what was reserved for it). The order's own status is the store's to move.
   */
  confirmShipped(s: ShipmentView, carrier: string, tracking: string, now = Date.now()) {
    const at = iso(now);
    const parcel: PackageView = { carrier, tracking, shipped_at: at, lines: s.lines.map((l) => ({ ...l })) };
    this.confirmed.set(`${s.order_id}|${s.location_id}`, { before: { ...s, lines: [...s.lines] }, packages: [...s.packages, parcel], at });
    for (const l of s.lines) {
      const level = this.level(s.location_id, l.sku);
      if (!level) continue;
      level.reserved = Math.max(0, level.reserved - l.quantity);
      level.on_hand = Math.max(0, level.on_hand - l.quantity);
    }
  }

  /** Whether the order has a rejected hand-off kept from before it was routed again. */
  hasRejection(orderId: string): boolean {
    return this.rejections.has(orderId);
  }

  /**
   * Where an order ships from, derived from the order as it stands (so a cancel or a release
   * shows at once): one shipment, a split between Reno and Newark for some multi-line orders,
   * a partner's with its reference, hand-off, acknowledgement and parcels, a rejected one for an
   * order a partner refused (kept, first, after the order was routed again).
   */
  shipmentsOf(o: Order, timeline: OrderEvent[]): ShipmentView[] {
    const earlier = this.rejections.get(o.id);
    const now = this.current(o, timeline);
    if (!earlier) return now;
    const id = (seq: number) => `shp_${o.id.slice(4)}_${seq}`;
    return [{ ...earlier, lines: [...earlier.lines], packages: [] }, ...now.map((s) => ({ ...s, seq: s.seq + 1, id: id(s.seq + 1) }))];
  }

  private current(o: Order, timeline: OrderEvent[]): ShipmentView[] {
    const h = hashOf(o.id);
    const routedAt = timeline.find((e) => e.kind.type === "routed")?.at ?? iso(Date.parse(o.placed_at) + 2 * MIN);
    const shippedEvent = timeline.find((e) => e.kind.type === "shipped");
    const tracking = shippedEvent?.kind.type === "shipped" ? shippedEvent.kind.tracking : [];
    const cancelledAt = timeline.find((e) => e.kind.type === "cancelled")?.at ?? null;
    const lines = o.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));
    const after = (at: string, ms: number) => iso(Date.parse(at) + ms);
    /** Shipment `seq` of `of`: a split's parts carry a tracking number each, one shipment all of them. */
    const make = (seq: number, of: number, loc: LocationId, status: ShipmentStatus, part: typeof lines, extra: Partial<ShipmentView> = {}): ShipmentView => {
      const row = this.rows.find((r) => r.location.id === loc);
      const kind = row?.location.kind ?? "warehouse";
      const base: ShipmentView = {
        id: `shp_${o.id.slice(4)}_${seq}`,
        seq,
        order_id: o.id,
        order_number: o.number,
        location_id: loc,
        location_name: row?.location.name ?? loc,
        location_kind: kind,
        status,
        partner_ref: null,
        carrier: null,
        tracking: null,
        note: null,
        created_at: routedAt,
        updated_at: routedAt,
        handed_off_at: null,
        acknowledged_at: null,
        shipped_at: null,
        lines: part,
        packages: [],
      };
      let s: ShipmentView;
      if (!PARTNER_KINDS.has(kind)) {
        const shipped = status === "shipped";
        s = {
          ...base,
          carrier: shipped ? o.carrier : null,
          tracking: shipped ? (of > 1 ? (tracking[seq - 1] ?? tracking[0] ?? null) : tracking.join(", ") || null) : null,
          shipped_at: shipped ? (shippedEvent?.at ?? after(routedAt, 20 * HOUR)) : null,
        };
      } else {
        s = this.partnerSide(base, o, h, { routedAt, tracking, shippedAt: shippedEvent?.at ?? null });
      }
      if (status === "cancelled" && cancelledAt) s.updated_at = cancelledAt;
      s = { ...s, ...extra };
      const confirmed = status === "cancelled" ? undefined : this.confirmed.get(`${o.id}|${loc}`);
      if (confirmed) {
        const { before, packages, at } = confirmed;
        s = {
          ...before,
          id: s.id,
          seq: s.seq,
          status: "shipped",
          carrier: packages[0].carrier,
          tracking: packages.map((p) => p.tracking).join(", "),
          shipped_at: at,
          packages: packages.map((p) => ({ ...p, lines: p.lines.map((l) => ({ ...l })) })),
        };
      }
      const times = [s.created_at, s.handed_off_at, s.acknowledged_at, s.shipped_at, ...s.packages.map((p) => p.shipped_at)].filter((t): t is string => t !== null);
      s.updated_at = times.reduce((a, b) => (b > a ? b : a), s.updated_at);
      return s;
    };

    if (o.status === "on_hold" && o.hold?.reason === "partner_rejected") {
      const why = o.hold.note.replace(/^[^:]*rejected:\s*/i, "");
      return [
        make(1, 1, SHIPRIGHT, "rejected", lines, {
          note: why || o.hold.note,
          handed_off_at: after(routedAt, 10 * MIN),
          // The partner answered: its refusal is its acknowledgement.
          acknowledged_at: after(routedAt, 34 * MIN),
          partner_ref: `SR-${o.external_id}-1`,
        }),
      ];
    }
    if (!o.location_id || o.status === "awaiting_payment" || o.status === "on_hold") return [];
    const loc = o.location_id;
    const own = !PARTNER_KINDS.has(this.rows.find((r) => r.location.id === loc)?.location.kind ?? "warehouse");
    const status: ShipmentStatus =
      o.status === "cancelled" ? "cancelled" : o.status === "shipped" ? "shipped" : o.status === "handed_off" || o.status === "partially_shipped" ? (own ? "reserved" : "accepted") : "reserved";

    const split = own && lines.length >= 2 && (h % 4 === 0 || o.status === "partially_shipped");
    if (!split) return [make(1, 1, loc, status, lines)];
    const other = loc === RENO ? NEWARK : RENO;
    const cut = Math.ceil(lines.length / 2);
    const first: ShipmentStatus = o.status === "partially_shipped" ? "shipped" : status;
    const second: ShipmentStatus = o.status === "partially_shipped" ? "reserved" : status;
    return [make(1, 2, loc, first, lines.slice(0, cut)), make(2, 2, other, second, lines.slice(cut))];
  }

  /**
   * A partner's side of a shipment: its reference once handed off; for one in flight, a
   * hand-off some hours before the mock started (27 h for the one it is slow to acknowledge),
   * acknowledged within the hour unless it is recent, and for a partly shipped order the
   * parcel it sent; for a shipped one, a parcel per tracking number.
   */
  private partnerSide(s: ShipmentView, o: Order, h: number, at: { routedAt: string; tracking: string[]; shippedAt: string | null }): ShipmentView {
    const ms = (t: string) => Date.parse(t);
    const prefix = s.location_kind === "amazon_mcf" ? "MCF" : s.location_kind === "drop_ship_vendor" ? "PO" : "SR";
    const ref = `${prefix}-${o.external_id}-${s.seq}`;
    const handedOff = ms(at.routedAt) + 15 * MIN;
    const acked = (from: number) => Math.min(this.epoch, from + (10 + (h % 50)) * MIN);
    switch (s.status) {
      case "reserved":
        // Still to be handed off.
        return s;
      case "rejected":
        return { ...s, partner_ref: ref };
      case "cancelled":
        return { ...s, partner_ref: ref, handed_off_at: iso(handedOff), acknowledged_at: iso(acked(handedOff)) };
      case "shipped": {
        const shippedAt = at.shippedAt ?? iso(handedOff + 20 * HOUR);
        const packages = parcels(s.lines, at.tracking, o.carrier ?? "UPS", shippedAt);
        return {
          ...s,
          partner_ref: ref,
          handed_off_at: iso(handedOff),
          acknowledged_at: iso(Math.min(acked(handedOff), ms(shippedAt))),
          shipped_at: shippedAt,
          carrier: o.carrier,
          tracking: packages.map((p) => p.tracking).join(", ") || null,
          packages,
        };
      }
      default: {
        // In flight (handed off or accepted).
        const late = this.late.has(o.id);
        const hoursAgo = late ? 27 : 1 + (h % 19);
        const since = Math.max(handedOff, this.epoch - hoursAgo * HOUR - ((h >>> 5) % 60) * MIN);
        const waiting = late || (hoursAgo < 4 && h % 2 === 1);
        const out: ShipmentView = {
          ...s,
          status: waiting ? "handed_off" : "accepted",
          partner_ref: ref,
          // Reserved just before the hand-off.
          created_at: iso(since - 15 * MIN),
          handed_off_at: iso(since),
          acknowledged_at: waiting ? null : iso(acked(since)),
        };
        if (o.status === "partially_shipped" && !waiting && at.tracking.length > 0) {
          const shippedAt = iso(Math.min(this.epoch, acked(since) + 2 * HOUR));
          const part = s.lines.length > 1 ? s.lines.slice(0, Math.ceil(s.lines.length / 2)) : s.lines.map((l) => ({ ...l, quantity: Math.max(1, Math.floor(l.quantity / 2)) }));
          out.packages = parcels(part, at.tracking.slice(0, 1), o.carrier ?? "UPS", shippedAt);
          out.carrier = o.carrier;
          out.tracking = at.tracking[0];
        }
        return out;
      }
    }
  }

  /** The routing's "allocated" entry for a timeline, right after the order was routed. */
  allocatedEvent(o: Order, shipments: ShipmentView[], routedAt: string): OrderEvent | null {
    const placed = shipments.filter((s) => s.status !== "rejected");
    if (placed.length === 0) return null;
    return {
      order_id: o.id,
      at: routedAt,
      actor: "system",
      kind: {
        type: "allocated",
        shipments: placed.map((s) => `${s.location_name}: ${s.lines.map((l) => `${l.quantity} × ${l.sku}`).join(", ")}`),
        notes: placed.length > 1 ? [`No single location had every line in stock: split into ${placed.length} shipments`] : [],
      },
    };
  }
}

/** Where a re-routed order goes: a location, or held again for what still stops it. */
export type Placement = { location_id: LocationId } | { hold: { reason: HoldReason; note: string } };

/** One parcel per tracking number, the lines dealt out between them. */
function parcels(lines: ShipmentView["lines"], tracking: string[], carrier: string, shippedAt: string): PackageView[] {
  return tracking.map((t, i) => ({
    carrier,
    tracking: t,
    shipped_at: shippedAt,
    lines: lines.filter((_, j) => j % tracking.length === i).map((l) => ({ ...l })),
  }));
}
