// The path a warehouse operator takes every day, in the real window over a seeded database:
// queue → On hold tab → search → order detail → hold for manual review → release.
// Steps share one app session and run in order; a step whose predecessor failed is skipped, so
// the first failure is the one reported.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { By, Select } from "selenium-webdriver";
import {
  click,
  cliOrder,
  openApp,
  queueRows,
  saveScreenshot,
  sel,
  stepper,
  statusOf,
  textOf,
  visible,
  waitFor,
} from "./app.mjs";

/** Statuses from which a person can put an order on hold (not shipped, cancelled or held). */
const HOLDABLE = new Set(["awaiting_payment", "ready"]);

const step = stepper(it);

describe("Waybill window over 300 seeded demo orders", () => {
  let driver;
  let allRows; // rows of the All tab as first shown
  let target; // { id, number } of a holdable order picked from them

  before(
    async () => {
      driver = await openApp();
    },
    { timeout: 60_000 },
  );

  after(
    async () => {
      if (!driver) return;
      // The last state of the window helps most when a step failed.
      await saveScreenshot(driver, "e2e-last.png").catch(() => {});
      await driver.quit();
    },
    { timeout: 30_000 },
  );

  step("the queue lists orders when the app opens", async () => {
    await visible(driver, sel.row, "a queue row");
    allRows = await waitFor(
      driver,
      async () => {
        const rows = await queueRows(driver);
        return rows.length > 0 && rows.every((r) => r.id && r.number) ? rows : false;
      },
      "queue rows should carry data-order-id and data-order-number",
    );
  });

  step("the On hold tab lists only held orders and is marked selected", async () => {
    const allIds = allRows.map((r) => r.id).join(",");
    await click(driver, sel.tab("on_hold"), "the On hold tab");
    await waitFor(
      driver,
      async () =>
        (await driver.findElement(By.css(sel.tab("on_hold"))).getAttribute("aria-selected")) ===
        "true",
      'the On hold tab should have aria-selected="true" after a click',
    );
    const held = await waitFor(
      driver,
      async () => {
        const rows = await queueRows(driver);
        return rows.length > 0 && rows.map((r) => r.id).join(",") !== allIds ? rows : false;
      },
      "the list should change to the held orders (a 300-order demo seed includes some)",
    );
    for (const row of held) {
      if (row.status) assert.equal(row.status, "on_hold", `row ${row.id} data-status`);
      assert.equal(
        statusOf(await cliOrder(row.id)),
        "on_hold",
        `order ${row.id} is listed under On hold, so the store must have it on hold`,
      );
    }
  });

  step("searching for an order number puts that order first", async () => {
    await click(driver, sel.tab("all"), "the All tab");
    // A holdable order that is not already first, so the search visibly reorders the list.
    for (const row of allRows.slice(1)) {
      if (HOLDABLE.has(statusOf(await cliOrder(row.id)))) {
        target = row;
        break;
      }
    }
    assert.ok(target, "the first page of the All tab should contain a holdable order");
    const input = await visible(driver, sel.search, "the search box");
    await input.clear();
    await input.sendKeys(target.number);
    await waitFor(
      driver,
      async () => (await queueRows(driver))[0]?.number === target.number,
      `order ${target.number} should be the first row after searching for its number`,
    );
  });

  step("clicking an order opens its detail", async () => {
    await click(driver, sel.row, "the first queue row");
    await visible(driver, sel.detail, "the order detail");
    await waitFor(
      driver,
      async () =>
        (await driver.findElement(By.css(sel.detail)).getAttribute("data-order-id")) === target.id,
      `the detail should show the clicked order (${target.number}, ${target.id})`,
    );
  });

  step("holding an order for manual review shows On hold and a held event", async () => {
    await click(driver, sel.actionHold, "the Hold action");
    const reason = await visible(driver, sel.holdReason, "the hold reason field");
    if ((await reason.getTagName()).toLowerCase() === "select") {
      await new Select(reason).selectByValue("manual_review");
    } else {
      // A radio group / segmented control: the choice carries the reason as its value.
      await click(
        driver,
        `${sel.holdReason} [value=manual_review], ${sel.holdReason} [data-value=manual_review]`,
        "the manual_review choice",
      );
    }
    const note = await visible(driver, sel.holdNote, "the hold note field");
    await note.sendKeys("e2e: checking the address with the customer");
    await click(driver, sel.holdSubmit, "the hold submit button");

    await waitFor(
      driver,
      async () => (await textOf(driver, sel.detailStatus)) === "On hold",
      'the detail status should read "On hold" after holding',
    );
    await visible(driver, sel.timelineEvent("held"), "a held event in the timeline");
    assert.equal(statusOf(await cliOrder(target.id)), "on_hold", "the hold must be stored");
  });

  step("releasing the hold records a released event and takes the order off hold", async () => {
    await click(driver, sel.actionRelease, "the Release action");
    const released = await visible(
      driver,
      sel.timelineEvent("released"),
      "a released event in the timeline",
    );
    await waitFor(
      driver,
      async () => (await textOf(driver, sel.detailStatus)) !== "On hold",
      'the detail status should no longer read "On hold" after release',
    );
    assert.notEqual(statusOf(await cliOrder(target.id)), "on_hold", "the release must be stored");
    // The screenshot shows the timeline with the held and released entries.
    await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", released);
    await saveScreenshot(driver, "e2e-detail.png");
  });
});
