// Disable Integration & Clear Data in the real window: the confirmation dialog, the message, and
// afterwards no Highwater entry in the Secret Service keyring and the app back at first run.
// Runs last: the keyring is shared by the whole E2E session.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchApp, waitForPage, screenshot, shown, fill, click, waitForText, goTo } from "../support/app.mjs";
import { startSandbox, clearHighwaterKeyring, highwaterKeyringItems } from "../support/sandbox.mjs";

let browser;
let sandbox;

before(async () => {
  clearHighwaterKeyring();
  sandbox = await startSandbox();
  ({ browser } = await launchApp());
});

after(async () => {
  await browser?.deleteSession();
  await sandbox?.stop();
});

test("connect ConnectWise, then Disable & Clear after confirming", async () => {
  const cw = sandbox.connectwise;
  await waitForPage(browser, "first-run");
  await click(browser, "#start-setup");
  await waitForPage(browser, "connections");
  await fill(browser, "#cw-site", cw.site);
  await fill(browser, "#cw-companyId", cw.companyId);
  await fill(browser, "#cw-publicKey", cw.publicKey);
  await fill(browser, "#cw-privateKey", cw.privateKey);
  await click(browser, "#cw-submit");
  await waitForText(browser, "#cw-result", /Integration has been created/);
  assert.deepEqual(highwaterKeyringItems().sort(), ["connectwise-private-key", "connectwise-public-key"]);

  await click(browser, "#cw-disable");
  const dialog = await shown(browser, "#cw-disable-dialog");
  const text = await dialog.getText();
  assert.match(text, /cannot be undone/);
  assert.match(text, /keyring/);
  await screenshot(browser, "disable-and-clear-confirm");
  // Esc closes the dialog without clearing anything, and focus returns to the button.
  await browser.keys(["Escape"]);
  await browser.waitUntil(async () => !(await dialog.isDisplayed()), { timeout: 5000 });
  assert.equal(await browser.execute(() => document.activeElement?.id), "cw-disable");
  assert.equal(highwaterKeyringItems().length, 2);

  await click(browser, "#cw-disable");
  await click(browser, "#cw-disable-confirm");
  await waitForText(browser, "#cw-disabled", /Integration has been disabled/);
  await waitForText(browser, "#cw-state", /Not connected/);
  assert.deepEqual(highwaterKeyringItems(), [], "no Highwater entry is left in the keyring");
  await screenshot(browser, "disable-and-clear-done");
});

test("afterwards the app shows first run", async () => {
  await click(browser, "#nav-home");
  await waitForPage(browser, "first-run");
  await goTo(browser, "connections");
  await shown(browser, "#cw-site");
});
