// The walking skeleton in the real window: the app boots, the first-run screen and the
// navigation render, and clicking through the navigation changes the route (asserted in the DOM).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchApp, waitForPage, screenshot } from "../support/app.mjs";

let browser;

before(async () => {
  ({ browser } = await launchApp());
});

after(async () => {
  await browser?.deleteSession();
});

test("first run explains the app and offers to connect", async () => {
  const page = await waitForPage(browser, "first-run");
  const text = await page.getText();
  assert.match(text, /JumpCloud/);
  assert.match(text, /ConnectWise/);
  assert.equal(await (await browser.$("#start-setup")).isDisplayed(), true);
  await screenshot(browser, "first-run");
});

test("the navigation frame lists every section", async () => {
  for (const id of ["connections", "companies", "ticketing", "activity", "settings"]) {
    const link = await browser.$(`#nav-${id}`);
    assert.equal(await link.isDisplayed(), true, `nav link ${id} is visible`);
  }
});

test("starting setup goes to Connections", async () => {
  await (await browser.$("#start-setup")).click();
  const page = await waitForPage(browser, "connections");
  assert.match(await page.getText(), /ConnectWise Manage/);
  assert.equal(await (await browser.$("#nav-connections")).getAttribute("aria-current"), "page");
  await screenshot(browser, "connections");
});

test("each navigation item changes the route", async () => {
  for (const id of ["companies", "ticketing", "activity", "settings", "connections"]) {
    await (await browser.$(`#nav-${id}`)).click();
    const page = await waitForPage(browser, id);
    const heading = await page.$("h1");
    assert.ok((await heading.getText()).length > 0, `${id} has a heading`);
    assert.equal(await (await browser.$(`#nav-${id}`)).getAttribute("aria-current"), "page");
    const path = await browser.execute(() => window.location.pathname);
    assert.equal(path.replace(/\/$/, ""), `/${id}`);
    await screenshot(browser, id);
  }
});

test("settings shows the data folder the app was started with", async () => {
  await (await browser.$("#nav-settings")).click();
  const page = await waitForPage(browser, "settings");
  assert.match(await page.getText(), /highwater-e2e-/);
});

test("pausing background work from Settings reaches the backend and the status line", async () => {
  await (await browser.$("#nav-settings")).click();
  await waitForPage(browser, "settings");
  const toggle = await browser.$("#background-toggle");
  assert.match(await toggle.getText(), /Pause background work/);
  await toggle.click();
  await browser.waitUntil(async () => /Resume background work/.test(await toggle.getText()), {
    timeout: 5000,
    timeoutMsg: "the toggle did not switch to Resume",
  });
  const line = await browser.$('#status-line [data-background="paused"]');
  assert.equal(await line.isDisplayed(), true);
  await screenshot(browser, "settings-paused");
  await toggle.click();
  await browser.waitUntil(async () => /Pause background work/.test(await toggle.getText()), {
    timeout: 5000,
  });
});
