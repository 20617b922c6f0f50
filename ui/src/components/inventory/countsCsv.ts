// A first look at a counts file before it is sent: its columns, its first rows and how many
// there are, and the problems the backend would refuse the whole file for at line 1 (the same
// checks: headers trimmed and lower-cased, `sku` and `on_hand` required, `location` or a
// location chosen for the rows). Row-level checks stay with the backend, which names each line.

export type CountsPreview = {
  header: string[];
  /** The first rows after the header, as written. */
  rows: string[][];
  /** Data rows in the file (blank lines not counted). */
  total: number;
  /** Why the backend would refuse the file as a whole, if it would. */
  problem: string | null;
};

/** Splits CSV text into records: commas, double-quoted fields (with "" for a quote), CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else if (c === ",") {
      record.push(field.trim());
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      record.push(field.trim());
      records.push(record);
      record = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || record.length > 0) {
    record.push(field.trim());
    records.push(record);
  }
  // Blank lines are no records (the backend's reader skips them too).
  return records.filter((r) => r.some((f) => f !== ""));
}

export function previewCounts(text: string, fallbackLocation: string | null, shown = 5): CountsPreview | null {
  if (text.trim() === "") return null;
  const [header = [], ...data] = parseCsv(text.replace(/^\uFEFF/, ""));
  const names = header.map((h) => h.toLowerCase());
  let problem: string | null = null;
  if (!names.includes("sku") || !names.includes("on_hand")) problem = "The file needs `sku` and `on_hand` columns in its first line.";
  else if (!names.includes("location") && !fallbackLocation) problem = "The file has no `location` column: choose the location these counts are for.";
  return { header, rows: data.slice(0, shown), total: data.length, problem };
}
