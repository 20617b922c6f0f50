// Formatting rules the whole UI relies on.
import { describe, expect, it } from "vitest";
import { humanActor } from "../src/format/actor";
import { shipByLabel, shipByUrgency } from "../src/format/dates";
import { currencyExponent, formatMoney } from "../src/format/money";

describe("money", () => {
  it("formats minor units with the currency's exponent: USD 2 decimals, JPY 0, KWD 3", () => {
    expect(formatMoney(12345, "USD", "en-US")).toBe("$123.45");
    expect(formatMoney(5, "USD", "en-US")).toBe("$0.05");
    expect(formatMoney(1200, "JPY", "en-US")).toBe("¥1,200");
    expect(formatMoney(1001, "KWD", "en-US")).toMatch(/^KWD\s1\.001$/);
    expect(formatMoney(-250, "EUR", "de-DE")).toMatch(/^-2,50\s€$/);
  });

  it("agrees with the backend's exponent table, including where Intl differs (HUF counted whole)", () => {
    expect(currencyExponent("HUF")).toBe(0);
    expect(formatMoney(1500, "HUF", "en-US")).toMatch(/^HUF\s1,500$/);
    expect(currencyExponent("usd")).toBe(2);
  });

  it("still shows an amount for a code Intl does not know", () => {
    expect(formatMoney(1234, "XYZ1", "en-US")).toBe("12.34 XYZ1");
  });
});

describe("ship-by", () => {
  const now = new Date("2025-03-01T12:00:00Z");
  it("is urgent (red) when past or within 24 hours, calm otherwise", () => {
    expect(shipByUrgency("2025-03-01T11:00:00Z", now)).toBe("late");
    expect(shipByUrgency("2025-03-02T11:59:00Z", now)).toBe("soon");
    expect(shipByUrgency("2025-03-02T12:01:00Z", now)).toBe("ok");
  });
  it("says how late or how soon", () => {
    expect(shipByLabel("2025-03-01T09:00:00Z", now)).toBe("3h late");
    expect(shipByLabel("2025-03-01T17:00:00Z", now)).toBe("in 5h");
  });
});

describe("actors", () => {
  it("are rendered as people read them", () => {
    expect(humanActor("user:ana")).toBe("ana");
    expect(humanActor("rule:rul_01H")).toBe("Rule");
    expect(humanActor("channel:chn_01")).toBe("Channel");
    expect(humanActor("partner:loc_01")).toBe("Partner");
    expect(humanActor("system")).toBe("Waybill");
  });
});
