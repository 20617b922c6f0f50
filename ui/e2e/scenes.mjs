// Screenshots of the real window for the README and reviews (make screenshot): the queue, an
// opened order with why the rules decided what they did, the held orders and the rule editor.
// Run through scripts/e2e.sh --scenes, which seeds the database and starts the driver.
import { click, openApp, saveScreenshot, sel, visible } from "./app.mjs";

const driver = await openApp();
try {
  await visible(driver, sel.row, "a queue row");
  console.log(`saved ${await saveScreenshot(driver, "queue.png")}`);

  await click(driver, sel.row, "the first queue row");
  await visible(driver, sel.detail, "the order detail");
  console.log(`saved ${await saveScreenshot(driver, "order-detail.png")}`);

  await click(driver, "[data-testid=nav-held]", "the Held screen");
  await visible(driver, "[data-testid=held-row]", "a held order");
  await click(driver, "[data-testid=held-row]", "the first held order");
  await visible(driver, sel.detail, "the held order's detail");
  await click(driver, "[data-testid=trace-toggle]", "the full trace");
  await visible(driver, "[data-testid=trace-rule]", "a traced rule");
  console.log(`saved ${await saveScreenshot(driver, "held.png")}`);

  await click(driver, "[data-testid=nav-rules]", "the Rules screen");
  await visible(driver, "[data-testid^=rule-card-]", "a rule card");
  await click(driver, "[data-testid=rule-toggle]", "the first rule");
  await visible(driver, "[data-testid=condition-field-select]", "the condition builder");
  console.log(`saved ${await saveScreenshot(driver, "rules.png")}`);

  // The channels and outbox screens are not shot here: once they are open, WebKitWebDriver stops
  // answering (the window itself stays responsive to a person), so the harness would hang.
} finally {
  await driver.quit();
}
