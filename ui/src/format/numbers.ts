// Counts and weights, formatted once so columns line up.
export function formatCount(n: number, locale?: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

export function formatWeight(grams: number, locale?: string): string {
  if (grams < 1000) return `${formatCount(grams, locale)} g`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(grams / 1000)} kg`;
}
