// Time words of the held view. The SLA thresholds are the backend's (crates/store/src/orders/
// holds.rs): overdue once ship-by has passed, "due today" while it is less than 24 h away.
import { describe, expect, it } from "vitest";
import { heldFor, releasesIn, slaOf, span } from "../src/components/held/sla";

const NOW = new Date("2025-03-10T12:00:00Z");
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe("ship-by SLA", () => {
  it("past ship-by is overdue, by whole units rounded down", () => {
    expect(slaOf(at(-3 * HOUR - 20 * MIN), NOW)).toEqual({ level: "overdue", text: "overdue 3 h" });
    expect(slaOf(at(-1), NOW)).toEqual({ level: "overdue", text: "overdue 1 min" });
    expect(slaOf(at(-2 * DAY - 5 * HOUR), NOW)).toEqual({ level: "overdue", text: "overdue 2 d" });
  });

  it("less than 24 h left is due soon (amber)", () => {
    expect(slaOf(at(5 * HOUR + 50 * MIN), NOW)).toEqual({ level: "soon", text: "due in 5 h" });
    expect(slaOf(at(0), NOW)).toEqual({ level: "soon", text: "due in 1 min" });
    expect(slaOf(at(DAY - 1), NOW).level).toBe("soon");
  });

  it("24 h or more left is later (neutral), and no ship-by is none", () => {
    expect(slaOf(at(DAY), NOW)).toEqual({ level: "later", text: "due in 1 d" });
    expect(slaOf(at(3 * DAY + 2 * HOUR), NOW)).toEqual({ level: "later", text: "due in 3 d" });
    expect(slaOf(null, NOW)).toEqual({ level: "none", text: "no ship-by" });
  });
});

describe("held age and release time", () => {
  it("spans read in minutes, hours, then days, never zero", () => {
    expect(span(0)).toBe("1 min");
    expect(span(59 * MIN)).toBe("59 min");
    expect(span(HOUR)).toBe("1 h");
    expect(span(DAY + 23 * HOUR)).toBe("1 d");
  });

  it("held age counts from when the hold was placed", () => {
    expect(heldFor(at(-5 * HOUR - 10 * MIN), NOW)).toBe("5 h");
    expect(heldFor(at(+5 * MIN), NOW)).toBe("1 min"); // a clock slightly behind the backend
  });

  it("a timed hold says when it releases itself", () => {
    expect(releasesIn(at(2 * HOUR + 5 * MIN), NOW)).toBe("releases in 2 h");
    expect(releasesIn(at(-MIN), NOW)).toBe("releasing now");
  });
});
