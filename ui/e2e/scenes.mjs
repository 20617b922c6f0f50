// Screenshots of the real window for the README and reviews (make screenshot): the queue, then an
// opened order. Run through scripts/e2e.sh --scenes, which seeds the database and starts the driver.
import { click, openApp, saveScreenshot, sel, visible } from "./app.mjs";

const driver = await openApp();
try {
  await visible(driver, sel.row, "a queue row");
  console.log(`saved ${await saveScreenshot(driver, "queue.png")}`);

  await click(driver, sel.row, "the first queue row");
  await visible(driver, sel.detail, "the order detail");
  console.log(`saved ${await saveScreenshot(driver, "order-detail.png")}`);
} finally {
  await driver.quit();
}
