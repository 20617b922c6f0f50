// Money arrives as integer minor units; the currency's exponent says where the point goes.

// Mirrors `Money::exponent` in crates/core/src/money.rs so the UI and the backend agree on what
// a minor unit is (Intl's table differs for a few codes, e.g. HUF, which the backend counts whole).
const EXPONENT_OVERRIDES: Record<string, number> = {
  JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, HUF: 0,
  BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3,
};

export function currencyExponent(currency: string): number {
  return EXPONENT_OVERRIDES[currency.toUpperCase()] ?? 2;
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string, locale: string | undefined): Intl.NumberFormat {
  const key = `${locale ?? ""}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    const digits = currencyExponent(currency);
    try {
      f = new Intl.NumberFormat(locale, {
        style: "currency",
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
    } catch {
      // Not an ISO code Intl knows: still show the number, with the code after it.
      f = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    }
    formatters.set(key, f);
  }
  return f;
}

/** `formatMoney(12345, "USD", "en-US")` → "$123.45"; `formatMoney(1200, "JPY", "en-US")` → "¥1,200". */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  const f = formatterFor(currency, locale);
  const value = minor / 10 ** currencyExponent(currency);
  const text = f.format(value);
  return f.resolvedOptions().style === "currency" ? text : `${text} ${currency}`;
}
