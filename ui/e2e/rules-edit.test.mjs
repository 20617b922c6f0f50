// A manager's path through the rule editor, in the real window over a seeded demo database:
// edit a rule in the form (lower the fraud-review threshold), dry-run it, save it; then an order
// arriving through the import path is held by that rule, and its detail shows the trace of why.
import assert from "node:assert/strict";
import { rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { By } from "selenium-webdriver";
import { click, cliJson, openApp, saveScreenshot, sel, stepper, visible, waitFor } from "./app.mjs";

const step = stepper(it);
const RULE = "Large order: fraud review";
const NUMBER = "E2E-4242";
/** The fraud-review rule's card, found by its name. */
const card = `//*[starts-with(@data-testid,'rule-card-')][.//*[normalize-space(text())='${RULE}']]`;

/** A paid order of 250.00: above the lowered threshold (100.00), below the default (750.00). */
function incomingOrder(now) {
  return {
    external_id: NUMBER,
    number: NUMBER,
    status: "ready",
    channel_status: "paid",
    payment_status: "paid",
    customer: { name: "Edith Clarke", email: "edith@example.com", phone: null },
    ship_to: {
      name: "Edith Clarke", company: null, line1: "12 Harbor Way", line2: null, city: "Austin",
      region: "TX", postal_code: "78701", country: "US", phone: null, residential: true,
    },
    bill_to: null,
    requested_service: "Standard",
    lines: [{ sku: "MUG-BLK-12", name: "Stoneware mug", quantity: 10, unit_price: 2500, unit_weight_g: 400, product_tags: ["kitchen"] }],
    currency: "USD",
    subtotal: 25000, shipping_paid: 0, tax: 0, total: 25000,
    tags: [], customer_notes: null, gift: false,
    placed_at: now, updated_at: now, ship_by: null,
  };
}

describe("editing a rule, dry-running and saving it, then importing an order it holds", () => {
  let driver;
  let orderId;

  before(async () => {
    driver = await openApp();
  }, { timeout: 60_000 });

  after(async () => {
    if (!driver) return;
    await saveScreenshot(driver, "e2e-rules-last.png").catch(() => {});
    await driver.quit();
  }, { timeout: 30_000 });

  step("the manager lowers the fraud-review threshold to 100.00 in the form", async () => {
    await click(driver, "[data-testid=nav-rules]", "the Rules screen");
    await visible(driver, "[data-testid=rules-page]", "the rule editor");
    const rule = await waitFor(driver, async () => driver.findElement(By.xpath(card)), `the "${RULE}" rule`);
    await rule.findElement(By.css("[data-testid=rule-toggle]")).click();
    const value = await waitFor(
      driver,
      async () => rule.findElement(By.css("[data-testid=condition-value-input]")),
      "the condition's value input",
    );
    assert.equal(await value.getAttribute("value"), "750.00", "the demo rule starts at 750.00");
    await value.clear();
    await value.sendKeys("100.00");
    await waitFor(
      driver,
      async () => (await driver.findElement(By.css("[data-testid=save-rules]")).isEnabled()),
      "Save should be enabled once the edit validates",
    );
  });

  step("a dry run shows orders the edit would hold, and nothing is saved yet", async () => {
    await click(driver, "[data-testid=tab-dry-run]", "the Dry run tab");
    await click(driver, "[data-testid=dry-run-button]", "Dry run");
    const report = await visible(driver, "[data-testid=dry-run-report]", "the dry-run report");
    const changed = await report.findElement(By.css("[data-testid=dry-run-changed]")).getText();
    assert.match(changed, /^\d[\d,]* of \d[\d,]* orders would change/, changed);
    await report.findElement(By.css("[data-testid=dry-run-field][data-field=hold]"));
    const stored = await cliJson("rules", "export");
    assert.equal(stored.version, 1, "a dry run saves nothing");
  });

  step("saving makes version 2, and the CLI sees the new threshold", async () => {
    await click(driver, "[data-testid=save-rules]", "Save");
    await waitFor(
      driver,
      async () =>
        (await driver.findElement(By.css("[data-testid=rules-saved-version]")).getAttribute("data-version")) === "2",
      "the editor should show version 2 after saving",
    );
    const stored = await cliJson("rules", "export");
    const rule = stored.rules.find((r) => r.name === RULE);
    assert.deepEqual(rule.when, { total: { gte: 10000 } }, "saved as 10000 minor units");
  });

  step("a newly imported 250.00 order is held by the edited rule", async () => {
    const page = await cliJson("orders", "list", "--limit", "1");
    const channel = page.items[0].channel_id;
    const file = path.join(os.tmpdir(), `waybill-e2e-order-${process.pid}.json`);
    await writeFile(file, JSON.stringify([incomingOrder(new Date().toISOString())]));
    const outcome = await cliJson("import", "json", file, "--channel", channel).finally(() => rm(file, { force: true }));
    assert.equal(outcome.inserted.length, 1, JSON.stringify(outcome));
    orderId = outcome.inserted[0];
    const shown = await cliJson("orders", "show", orderId);
    assert.equal(shown.order.status, "on_hold");
    assert.equal(shown.order.hold.reason, "fraud_risk");
  });

  step("its detail shows why: the rule in the decision and a matched trace", async () => {
    await click(driver, "[data-testid=nav-orders]", "the Orders screen");
    const input = await visible(driver, sel.search, "the search box");
    await input.clear();
    await input.sendKeys(NUMBER);
    await waitFor(
      driver,
      async () => (await driver.findElement(By.css(sel.row)).getAttribute("data-order-id")) === orderId,
      `the imported order ${NUMBER} should be found by its number`,
    );
    await click(driver, sel.row, "the imported order");
    await visible(driver, sel.detail, "the order detail");
    const decision = await visible(driver, "[data-testid=decision-summary]", "the decision summary");
    assert.match(await decision.getText(), new RegExp(RULE), "the decision names the rule");
    await click(driver, "[data-testid=trace-toggle]", "the full trace");
    const matched = await visible(
      driver,
      "[data-testid=trace-rule][data-outcome=matched]",
      "a matched rule in the trace",
    );
    assert.match(await matched.getText(), new RegExp(RULE));
    const trace = await cliJson("rules", "test", "--order", orderId);
    assert.equal(trace.trace.ruleset_version, 2);
    assert.equal(trace.trace.rules.find((r) => r.name === RULE).outcome, "matched");
  });
});
