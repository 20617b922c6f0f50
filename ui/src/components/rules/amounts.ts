// Numbers as the rule editor shows and reads them. Money in rules is integer minor units of the
// order's currency (the rule does not know which), so it is edited with two decimals:
// "500.00" ⇄ 50000. Grams, counts, days and minutes are whole numbers.
import type { NumberUnit } from "../../domain/ruleFields";

export type Unit = NumberUnit | "days" | "minutes";

const MONEY = /^-?\d+(\.\d{1,2})?$/;
const WHOLE = /^-?\d+$/;

/** The text an input shows for a stored number. */
export function showNumber(value: number, unit: Unit): string {
  return unit === "money" ? (value / 100).toFixed(2) : String(value);
}

/** The stored number for typed text, or null when it does not read as one. */
export function readNumber(text: string, unit: Unit): number | null {
  if (unit === "money") {
    // Symbols, spaces and thousands separators are decoration: "$1,250.5" is 125050.
    const clean = text.replace(/[\s,$€£¥]/g, "");
    if (!MONEY.test(clean)) return null;
    const [whole, frac = ""] = clean.replace("-", "").split(".");
    const minor = Number(whole) * 100 + Number(frac.padEnd(2, "0"));
    return clean.startsWith("-") ? -minor : minor;
  }
  const clean = text.replace(/[\s,_]/g, "");
  if (!WHOLE.test(clean)) return null;
  const n = Number(clean);
  if (!Number.isSafeInteger(n)) return null;
  if ((unit === "days" || unit === "minutes") && n < 0) return null;
  return n;
}

export const UNIT_SUFFIX: Record<Unit, string> = {
  money: "",
  grams: "g",
  count: "",
  days: "days",
  minutes: "min",
};

export function unitProblem(unit: Unit): string {
  switch (unit) {
    case "money":
      return "Enter an amount like 500.00";
    case "days":
    case "minutes":
      return "Enter a whole number, 0 or more";
    default:
      return "Enter a whole number";
  }
}
