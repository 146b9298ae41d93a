// The demo tenant in the real window: started from first run, a DEMO badge on every screen, the
// table filled from the in-process simulators, and Leave demo returning to first run.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { launchApp, waitForPage, screenshot, shown, click, waitForText, goTo } from "../support/app.mjs";

let browser;
let dataDir;

before(async () => {
  ({ browser, dataDir } = await launchApp());
});

after(async () => {
  await browser?.deleteSession();
});

test("Explore with a demo tenant starts it and opens the table", async () => {
  await waitForPage(browser, "first-run");
  await screenshot(browser, "first-run-demo-offer");
  await click(browser, "#first-run-demo-start");
  await waitForPage(browser, "companies", 60000);
  await shown(browser, "#demo-badge");
  await shown(browser, "[data-org-id]", 30000);
  const all = await waitForText(browser, "#chip-all", /All \d+/);
  assert.ok(Number(all.match(/\d+/)[0]) >= 40);
  const users = await (await browser.$("[data-org-id] .num")).getText();
  assert.match(users, /^\d[\d,]*$/, "the demo's users are read at start");
  assert.ok(existsSync(join(dataDir, "demo")), "the demo keeps its data in its own folder");
  await screenshot(browser, "demo-companies");
});

test("the DEMO badge stays on every screen", async () => {
  for (const id of ["connections", "ticketing", "activity", "settings", "companies"]) {
    await goTo(browser, id);
    assert.equal(await (await browser.$("#demo-badge")).isDisplayed(), true, `badge on ${id}`);
  }
  await goTo(browser, "connections");
  await waitForText(browser, "#cw-state", /^Connected$/);
  await screenshot(browser, "demo-connections");
});

test("Leave demo deletes its data and returns to first run", async () => {
  await click(browser, "#header-demo-leave");
  await waitForPage(browser, "first-run", 30000);
  assert.equal(await (await browser.$("#demo-badge")).isExisting(), false);
  assert.equal(existsSync(join(dataDir, "demo")), false);
  await waitForText(browser, "#status-line", /ConnectWise: not connected/);
});
