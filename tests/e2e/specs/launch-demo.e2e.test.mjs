// `highwater --demo` — what `make run` passes when no credentials are given — opens straight into
// the demo tenant when nothing of the admin's own is connected.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchApp, waitForPage, screenshot, shown, waitForText } from "../support/app.mjs";

let browser;

before(async () => {
  ({ browser } = await launchApp({ args: ["--demo"] }));
});

after(async () => {
  await browser?.deleteSession();
});

test("--demo with nothing connected opens the demo tenant's table", async () => {
  await waitForPage(browser, "companies", 60000);
  await shown(browser, "#demo-badge");
  await shown(browser, "[data-org-id]", 30000);
  const all = await waitForText(browser, "#chip-all", /All \d+/);
  assert.ok(Number(all.match(/\d+/)[0]) >= 40);
  await screenshot(browser, "launch-demo");
});
