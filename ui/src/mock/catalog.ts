// Fixed reference data for the fake backend: channels, locations, products, people, places.
import type { SalesChannel as Channel, Location } from "../bindings";

const CREATED = "2024-01-15T09:00:00Z";

export const CHANNELS: (Channel & { currency: string; prefix: string })[] = [
  { id: "chn_01demo", name: "Demo storefront", kind: "demo", created_at: CREATED, currency: "USD", prefix: "D-" },
  { id: "chn_02shop", name: "Trailhead Supply", kind: "shopify", created_at: CREATED, currency: "USD", prefix: "#" },
  { id: "chn_03woo", name: "Trailhead EU", kind: "woo_commerce", created_at: CREATED, currency: "EUR", prefix: "W" },
  { id: "chn_04amz", name: "Amazon JP", kind: "amazon_seller", created_at: CREATED, currency: "JPY", prefix: "" },
  { id: "chn_05csv", name: "Wholesale UK", kind: "csv", created_at: CREATED, currency: "GBP", prefix: "WH-" },
];

export const LOCATIONS: Location[] = [
  { id: "loc_01reno", name: "Reno DC", kind: "warehouse", postal_code: "89502", country: "US" },
  { id: "loc_02bkln", name: "Brooklyn store", kind: "store", postal_code: "11211", country: "US" },
  { id: "loc_03rtm", name: "ShipRight 3PL", kind: "third_party_logistics", postal_code: "3011", country: "NL" },
  { id: "loc_04mcf", name: "Amazon MCF", kind: "amazon_mcf", postal_code: "559-0031", country: "JP" },
  { id: "loc_05pac", name: "Pacific Drop-ship", kind: "drop_ship_vendor", postal_code: "97217", country: "US" },
  // Last, so the fake orders (which pick locations by position) stay as they were.
  { id: "loc_06nwk", name: "Newark DC", kind: "warehouse", postal_code: "07114", country: "US" },
];

export type Product = { sku: string; name: string; cents: number; grams: number; tags: string[] };

export const PRODUCTS: Product[] = [
  { sku: "TNT-2P-GRN", name: "Ridgeline 2P tent, green", cents: 32900, grams: 2150, tags: ["oversize"] },
  { sku: "BAG-20F-REG", name: "Summit 20°F sleeping bag", cents: 24900, grams: 1250, tags: [] },
  { sku: "PAD-UL-R", name: "Ultralight sleeping pad", cents: 11900, grams: 410, tags: [] },
  { sku: "STV-CAN-1", name: "Canister stove", cents: 5495, grams: 110, tags: [] },
  { sku: "FUEL-230", name: "Isobutane fuel 230 g", cents: 899, grams: 370, tags: ["hazmat"] },
  { sku: "LMP-400", name: "Headlamp 400 lm", cents: 3995, grams: 88, tags: ["battery"] },
  { sku: "BTL-1L-STL", name: "Steel bottle 1 L", cents: 2995, grams: 380, tags: [] },
  { sku: "FLT-SQZ", name: "Squeeze water filter", cents: 3795, grams: 85, tags: [] },
  { sku: "JKT-RN-M", name: "Rain shell, men's M", cents: 18900, grams: 320, tags: ["apparel"] },
  { sku: "JKT-RN-W", name: "Rain shell, women's S", cents: 18900, grams: 290, tags: ["apparel"] },
  { sku: "SCK-MRN-3", name: "Merino socks, 3 pack", cents: 4200, grams: 180, tags: ["apparel"] },
  { sku: "PCK-45L", name: "Trek pack 45 L", cents: 21900, grams: 1380, tags: [] },
  { sku: "PLS-CRB", name: "Carbon trekking poles", cents: 13900, grams: 460, tags: ["oversize"] },
  { sku: "MAP-PCT-5", name: "PCT map set, section 5", cents: 2495, grams: 140, tags: [] },
  { sku: "KNF-FLD", name: "Folding knife", cents: 6900, grams: 95, tags: ["age-restricted"] },
  { sku: "GFT-CARD-50", name: "Gift card 50", cents: 5000, grams: 10, tags: ["digital"] },
  { sku: "BAT-18650", name: "18650 battery, 2 pack", cents: 1899, grams: 96, tags: ["hazmat", "battery"] },
  { sku: "CUP-TI-450", name: "Titanium mug 450 ml", cents: 3495, grams: 72, tags: [] },
];

export const FIRST = ["Ana", "Marco", "Yuki", "Priya", "Jonas", "Chloé", "Samuel", "Aiko", "Liam", "Fatima", "Noah", "Elena", "Kenji", "Grace", "Mateo", "Sofia", "Oliver", "Hana", "Lucas", "Amara"];
export const LAST = ["Silva", "Rossi", "Tanaka", "Patel", "Becker", "Martin", "Okafor", "Suzuki", "Walsh", "Haddad", "Nguyen", "García", "Sato", "Kim", "Moreau", "Jensen", "Murphy", "Ito", "Schmidt", "Brown"];

export type Place = { city: string; region: string | null; postal: string; country: string; street: string };

export const PLACES: Record<string, Place[]> = {
  USD: [
    { city: "Portland", region: "OR", postal: "97209", country: "US", street: "NW Glisan St" },
    { city: "Austin", region: "TX", postal: "78704", country: "US", street: "S Congress Ave" },
    { city: "Denver", region: "CO", postal: "80205", country: "US", street: "Larimer St" },
    { city: "Brooklyn", region: "NY", postal: "11222", country: "US", street: "Franklin St" },
    { city: "Seattle", region: "WA", postal: "98103", country: "US", street: "Stone Way N" },
    { city: "Chicago", region: "IL", postal: "60614", country: "US", street: "N Clark St" },
    { city: "Toronto", region: "ON", postal: "M5V 2T6", country: "CA", street: "King St W" },
  ],
  EUR: [
    { city: "Berlin", region: null, postal: "10435", country: "DE", street: "Kastanienallee" },
    { city: "München", region: null, postal: "80469", country: "DE", street: "Fraunhoferstraße" },
    { city: "Lyon", region: null, postal: "69002", country: "FR", street: "Rue Mercière" },
    { city: "Utrecht", region: null, postal: "3511", country: "NL", street: "Oudegracht" },
    { city: "Wien", region: null, postal: "1070", country: "AT", street: "Neubaugasse" },
  ],
  JPY: [
    { city: "Osaka", region: "Osaka", postal: "530-0001", country: "JP", street: "Umeda 1-2" },
    { city: "Tokyo", region: "Tokyo", postal: "150-0001", country: "JP", street: "Jingumae 4-12" },
    { city: "Sapporo", region: "Hokkaido", postal: "060-0061", country: "JP", street: "Minami 1 Nishi 3" },
  ],
  GBP: [
    { city: "Leeds", region: null, postal: "LS1 4AP", country: "GB", street: "Briggate" },
    { city: "Bristol", region: null, postal: "BS1 5TR", country: "GB", street: "Gloucester Rd" },
    { city: "Edinburgh", region: null, postal: "EH1 1RE", country: "GB", street: "Cockburn St" },
  ],
};

export const CARRIERS: Record<string, { carrier: string; services: string[] }[]> = {
  USD: [
    { carrier: "UPS", services: ["Ground", "2nd Day Air", "Next Day Air Saver"] },
    { carrier: "USPS", services: ["Ground Advantage", "Priority Mail"] },
    { carrier: "FedEx", services: ["Home Delivery", "2Day"] },
  ],
  EUR: [
    { carrier: "DHL", services: ["Paket", "Express"] },
    { carrier: "PostNL", services: ["Standard", "Track & Trace"] },
  ],
  JPY: [{ carrier: "Yamato", services: ["TA-Q-BIN", "Compact"] }],
  GBP: [
    { carrier: "Royal Mail", services: ["Tracked 48", "Tracked 24"] },
    { carrier: "DPD", services: ["Next Day"] },
  ],
};

export const ORDER_TAGS = ["vip", "wholesale", "gift-wrap", "priority", "repeat-customer", "influencer", "preorder"];

export const HOLD_NOTES: Record<string, string[]> = {
  fraud_risk: ["Billing and shipping countries differ; first order over 500.", "Card issuer flagged AVS mismatch."],
  address_invalid: ["Postal code does not match city.", "Apartment number missing for a multi-unit building."],
  payment_pending: ["Bank transfer not received yet."],
  out_of_stock: ["TNT-2P-GRN short at every location.", "Waiting for PO 4471 (due Thursday)."],
  manual_review: ["Customer asked to combine with another order.", "Check engraving text before packing."],
  partner_rejected: ["ShipRight 3PL rejected: SKU not set up at partner."],
  unroutable: ["No location stocks every line and splitting is off."],
  custom: ["Hold for trade show pickup."],
};
