// Opens the real Waybill window through tauri-driver and reads it the way the e2e tests and the
// screenshot scenes need: queue rows in one atomic read, waits that survive React re-renders, the
// `waybill` CLI as an independent view of the database, screenshots into artifacts/.
// scripts/e2e.sh sets the environment (WAYBILL_APP, WAYBILL_CLI, WAYBILL_DB, WAYBILL_WEBDRIVER_URL).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Builder, By, Capabilities, error, until } from "selenium-webdriver";

/** Upper bound of every wait on the UI; tests never sleep for correctness. */
export const WAIT_MS = 10_000;

export const sel = {
  row: "[data-testid=order-row]",
  tab: (status) => `[data-testid=queue-tab-${status}]`,
  search: "[data-testid=search-input]",
  detail: "[data-testid=order-detail]",
  detailStatus: "[data-testid=detail-status]",
  actionHold: "[data-testid=action-hold]",
  actionRelease: "[data-testid=action-release]",
  holdReason: "[data-testid=hold-reason]",
  holdNote: "[data-testid=hold-note]",
  holdSubmit: "[data-testid=hold-submit]",
  timelineEvent: (type) => `[data-testid=timeline-event][data-event-type=${type}]`,
};

const here = path.dirname(fileURLToPath(import.meta.url));
const artifactsDir = process.env.WAYBILL_ARTIFACTS ?? path.resolve(here, "../../artifacts");
const run = promisify(execFile);

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the e2e tests through scripts/e2e.sh`);
  return value;
}

/** A WebDriver session on a freshly started app window (tauri-driver launches the binary). */
export async function openApp() {
  const caps = new Capabilities();
  caps.setBrowserName("wry");
  caps.set("tauri:options", { application: env("WAYBILL_APP") });
  const driver = await new Builder()
    .withCapabilities(caps)
    .usingServer(process.env.WAYBILL_WEBDRIVER_URL ?? "http://127.0.0.1:4444/")
    .build();
  await driver.manage().setTimeouts({ implicit: 0 });
  return driver;
}

/**
 * driver.wait on a condition that may read elements React is replacing: a stale or not-yet-there
 * element counts as "not yet", anything else fails the wait at once.
 */
export function waitFor(driver, condition, message) {
  return driver.wait(
    async () => {
      try {
        return await condition();
      } catch (e) {
        if (e instanceof error.StaleElementReferenceError || e instanceof error.NoSuchElementError) {
          return false;
        }
        throw e;
      }
    },
    WAIT_MS,
    message,
  );
}

/** A visible element, waited for. */
export async function visible(driver, css, what = css) {
  const el = await driver.wait(until.elementLocated(By.css(css)), WAIT_MS, `${what} never appeared`);
  await driver.wait(until.elementIsVisible(el), WAIT_MS, `${what} never became visible`);
  return el;
}

/** Clicks the element matching css once it is visible (found afresh: React may have replaced it). */
export async function click(driver, css, what = css) {
  await waitFor(
    driver,
    async () => {
      await (await visible(driver, css, what)).click();
      return true;
    },
    `could not click ${what}`,
  );
}

/** The queue rows rendered right now, read in one script call so no row goes stale mid-read. */
export function queueRows(driver) {
  return driver.executeScript(`
    return Array.from(document.querySelectorAll(${JSON.stringify(sel.row)}), (row) => ({
      id: row.getAttribute("data-order-id"),
      number: row.getAttribute("data-order-number"),
      status: row.getAttribute("data-status"),
    }));`);
}

export async function textOf(driver, css) {
  return (await driver.findElement(By.css(css)).getText()).trim();
}

/**
 * Ordered steps sharing one app session: a step whose predecessor failed is skipped, so the first
 * failure is the one reported.
 */
export function stepper(it) {
  let failedStep = null;
  return (name, body) =>
    it(name, { timeout: 6 * WAIT_MS }, async (t) => {
      if (failedStep) {
        t.skip(`skipped: an earlier step failed ("${failedStep}")`);
        return;
      }
      try {
        await body();
      } catch (e) {
        failedStep = name;
        throw e;
      }
    });
}

/** Runs the `waybill` CLI against the test database and parses its `--json` output. */
export async function cliJson(...args) {
  const { stdout } = await run(env("WAYBILL_CLI"), ["--db", env("WAYBILL_DB"), "--json", ...args]);
  return JSON.parse(stdout);
}

/** `waybill orders show ID --json` against the test database: what the store says, not the UI. */
export async function cliOrder(id) {
  const { stdout } = await run(env("WAYBILL_CLI"), [
    "--db",
    env("WAYBILL_DB"),
    "orders",
    "show",
    id,
    "--json",
  ]);
  return JSON.parse(stdout);
}

/** The canonical status (e.g. "on_hold") of `orders show --json`: `{ order: { status }, … }`. */
export function statusOf(shown) {
  const status = shown?.order?.status ?? shown?.status;
  assert.equal(typeof status, "string", `no order.status in: ${JSON.stringify(shown).slice(0, 200)}`);
  return status;
}

/** Saves a WebDriver screenshot of the window as artifacts/NAME and returns its path. */
export async function saveScreenshot(driver, name) {
  await mkdir(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, name);
  await writeFile(file, Buffer.from(await driver.takeScreenshot(), "base64"));
  return file;
}
