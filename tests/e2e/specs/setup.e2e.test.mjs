// The setup journey in the real window against the simulated tenants (real loopback HTTP, the
// real Secret Service keyring of the test session): connect ConnectWise (a wrong key first, a
// pasted https:// address normalised), rotate keys with wrong ones (the old keep working), connect
// JumpCloud, pick company types, then configure, edit and disable a mapping and accept suggestions.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchApp, waitForPage, screenshot, shown, fill, click, waitForText, goTo } from "../support/app.mjs";
import { startSandbox, keyringValue } from "../support/sandbox.mjs";

let browser;
let sandbox;

before(async () => {
  sandbox = await startSandbox();
  ({ browser } = await launchApp());
});

after(async () => {
  await browser?.deleteSession();
  await sandbox?.stop();
});

async function connectWiseForm({ site, privateKey }) {
  const cw = sandbox.connectwise;
  await fill(browser, "#cw-site", site);
  await fill(browser, "#cw-companyId", cw.companyId);
  await fill(browser, "#cw-publicKey", cw.publicKey);
  await fill(browser, "#cw-privateKey", privateKey);
}

test("first run offers setup and the demo tenant", async () => {
  await waitForPage(browser, "first-run");
  assert.equal(await (await browser.$("#first-run-demo-start")).isDisplayed(), true);
  await click(browser, "#start-setup");
  await waitForPage(browser, "connections");
});

test("a wrong private key is reported at the key field and nothing is saved", async () => {
  await connectWiseForm({ site: sandbox.connectwise.site, privateKey: "not-the-private-key" });
  await click(browser, "#cw-submit");
  const error = await waitForText(browser, "#cw-privateKey-error", /rejected/i);
  assert.match(error, /ConnectWise/);
  assert.equal(await (await browser.$("#cw-privateKey")).getAttribute("aria-invalid"), "true");
  assert.equal(await (await browser.$("#cw-state")).getText(), "Not connected");
  assert.equal(keyringValue("connectwise-private-key"), null, "no key reached the keyring");
  await screenshot(browser, "connect-connectwise-error");
});

test("an https:// site with a path is normalised, explained and saved with the keys", async () => {
  const cw = sandbox.connectwise;
  await connectWiseForm({ site: `https://${cw.site}/v4_6_release/apis/3.0/`, privateKey: cw.privateKey });
  await click(browser, "#cw-submit");
  await waitForText(browser, "#cw-result", /Integration has been created/);
  const changes = await waitForText(browser, "#cw-site-changes", new RegExp(cw.site.replace(/\./g, "\\.")));
  assert.match(changes, /scheme|https/i);
  assert.equal(await (await shown(browser, "#cw-saved-site")).getText(), cw.site);
  const facts = await (await browser.$("#cw-facts")).getText();
  assert.match(facts, new RegExp(`ends in …${cw.privateKey.slice(-4)}`));
  assert.ok(!facts.includes(cw.privateKey), "the key itself is never shown again");
  // The client ID is not a secret: the card shows the one saved (the built-in one here).
  assert.match(await (await shown(browser, "#cw-saved-client-id")).getText(), /\S{8,}/);
  assert.equal(keyringValue("connectwise-private-key"), cw.privateKey, "the key is in the OS keyring");
  await screenshot(browser, "connect-connectwise-created");
});

test("Verify and Update with a wrong new key keeps the old keys working", async () => {
  await click(browser, "#cw-edit");
  await shown(browser, "#cw-privateKey");
  assert.equal(await (await browser.$("#cw-privateKey")).getValue(), "", "saved keys are not filled in");
  await fill(browser, "#cw-publicKey", sandbox.connectwise.publicKey);
  await fill(browser, "#cw-privateKey", "rotated-but-wrong");
  await click(browser, "#cw-submit");
  await waitForText(browser, "#cw-privateKey-error", /rejected/i);
  assert.equal(keyringValue("connectwise-private-key"), sandbox.connectwise.privateKey);
  await screenshot(browser, "connect-connectwise-rotate-refused");
  await click(browser, "#cw-cancel");
  await shown(browser, "#cw-facts");
});

test("JumpCloud: the provider is found and shown for confirmation, then connected", async () => {
  const jc = sandbox.jumpcloud;
  await fill(browser, "#jc-apiKey", jc.apiKey);
  await click(browser, "#jc-form summary");
  await fill(browser, "#jc-consoleUrl", jc.baseUrl);
  await fill(browser, "#jc-insightsUrl", jc.baseUrl);
  assert.equal(await (await browser.$("#jc-submit")).getText(), "Find provider");
  await click(browser, "#jc-submit");
  const found = await waitForText(browser, "#jc-found", new RegExp(jc.providerId));
  assert.match(found, /with \d+ client organizations?/);
  assert.match(found, /does not report a provider name/);
  // Finding saved nothing: still not connected, no key in the keyring.
  assert.equal(await (await browser.$("#jc-state")).getText(), "Not connected");
  assert.equal(keyringValue("jumpcloud-api-key"), null, "no key reached the keyring");
  await screenshot(browser, "connect-jumpcloud-confirm");

  assert.equal(await (await browser.$("#jc-submit")).getText(), "Connect");
  await click(browser, "#jc-submit");
  const provider = await waitForText(browser, "#jc-provider", new RegExp(jc.providerId));
  assert.match(provider, /Connected to provider/);
  assert.match(await (await shown(browser, "#jc-key-hint")).getText(), new RegExp(`ends in …${jc.apiKey.slice(-4)}`));
  await waitForText(browser, "#status-line", /JumpCloud: connected/);
  await screenshot(browser, "connections-connected");
});

test("company types: Customer preselected, the last one cannot be deselected, Filter By Type saves", async () => {
  await goTo(browser, "companies");
  await click(browser, "#link-company-types");
  await waitForPage(browser, "company-types");
  const customer = await browser.$("label*=Customer");
  await customer.waitForDisplayed({ timeout: 20000 });
  // Each type shows how many (not deleted) companies ConnectWise has of it.
  assert.match(await customer.getText(), /^Customer — [\d,]+ compan(y|ies)$/);
  const customerBox = await customer.$("input");
  assert.equal(await customerBox.isSelected(), true, "Customer is preselected");
  const checked = await browser.$$("#types-form input:checked");
  assert.equal(checked.length, 1);

  await customerBox.click();
  const save = await browser.$("#types-save");
  assert.equal(await save.isEnabled(), false);
  assert.match(await (await browser.$("#types-save-why")).getText(), /at least one/);
  await screenshot(browser, "company-types-none");

  const partner = await (await browser.$("label*=Partner")).$("input");
  await partner.click();
  await customerBox.click();
  await click(browser, "#types-save");
  await waitForText(browser, "#types-saved", /saved/);
  assert.equal((await browser.$$("#types-form input:checked")).length, 2);
  await screenshot(browser, "company-types");
});

test("the Companies & Agreements table lists every JumpCloud org with its state", async () => {
  await goTo(browser, "companies");
  await shown(browser, "[data-org-id]", 30000);
  const all = await waitForText(browser, "#chip-all", /All \d+/);
  const total = Number(all.match(/\d+/)[0]);
  assert.ok(total >= 40, `about 50 demo organizations, saw ${total}`);
  await waitForText(browser, "#catalog-refreshed", /Last refreshed: (?!never)/);
  // Users are not read from JumpCloud on load; "Refresh user counts" reads and records them.
  await waitForText(browser, "#users-read", /Users read: never/);
  await click(browser, "#refresh-users");
  await waitForText(browser, "#users-read", /Users read: (?!never)/, 60000);
  const firstUsers = await (await browser.$("[data-org-id] .num")).getText();
  assert.match(firstUsers, /^[\d,]+$/, `a count in the Users column, saw "${firstUsers}"`);
  await screenshot(browser, "companies");
});

test("the layout holds at the smallest window, 1024×700", async () => {
  const before = await browser.getWindowSize();
  await browser.setWindowSize(1024, 700);
  await browser.waitUntil(async () => (await browser.execute(() => window.innerWidth)) <= 1024, { timeout: 5000 });
  const overflow = await browser.execute(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  assert.ok(overflow <= 0, `no horizontal scrolling at 1024 px (overflow ${overflow} px)`);
  const clipped = await browser.execute(() => {
    const table = document.querySelector('[role="table"]').getBoundingClientRect();
    const button = document.querySelector("[data-org-id] [data-action]").getBoundingClientRect();
    return button.right - table.right;
  });
  assert.ok(clipped <= 0, `row actions fit inside the table (clipped by ${clipped} px)`);
  await screenshot(browser, "companies-1024x700");
  await browser.setWindowSize(before.width, before.height);
});

async function rowOf(orgId) {
  return browser.$(`[data-org-id="${orgId}"]`);
}

let configured;

test("configure a mapping through the pickers with the keyboard and see it in the table", async () => {
  await click(browser, "#chip-unmapped");
  const row = await shown(browser, "[data-org-id][data-state='unmapped']");
  configured = await row.getAttribute("data-org-id");
  await (await row.$("[data-action='configure']")).click();
  await shown(browser, "#mapping-dialog");
  const picker = await shown(browser, "#map-company");
  await browser.waitUntil(async () => (await picker.isEnabled()), { timeout: 20000 });
  await picker.click();
  await picker.setValue("a");
  await shown(browser, "#company-listbox");
  await browser.keys(["ArrowDown", "Enter"]);
  await screenshot(browser, "mapping-pickers");
  // Companies of the Customer type have agreements; try the next match until one has an addition.
  const agreement = await browser.$("#map-agreement");
  for (let attempt = 0; attempt < 10; attempt += 1) {
    await browser.waitUntil(async () => /agreement/i.test(await agreement.getText()), { timeout: 20000 });
    const options = await agreement.$$("option:not([disabled])");
    if (options.length > 0) break;
    await picker.click();
    await browser.keys(["ArrowDown", "ArrowDown", "Enter"]);
  }
  await agreement.selectByIndex(1);
  const addition = await browser.$("#map-addition");
  await browser.waitUntil(async () => (await addition.$$("option:not([disabled])")).length > 0, {
    timeout: 20000,
    timeoutMsg: "the agreement's additions did not load",
  });
  await addition.selectByIndex(1);
  await click(browser, "#map-save");
  await waitForText(browser, "#mapping-notice", /Agreements have been saved/);
  await click(browser, "#chip-all");
  await browser.waitUntil(async () => (await (await rowOf(configured)).getAttribute("data-state")) === "mapped", {
    timeout: 20000,
  });
  const text = await (await rowOf(configured)).getText();
  assert.match(text, /mapped/i);
  await screenshot(browser, "companies-mapped");
});

test("edit the mapping keeps it mapped", async () => {
  const name = await (await (await rowOf(configured)).$("[role='cell']")).getAttribute("title");
  await fill(browser, "#org-filter", name);
  await browser.waitUntil(async () => (await browser.$$("[data-org-id]")).length === 1, { timeout: 5000 });
  await (await (await rowOf(configured)).$("[data-action='edit']")).click();
  await shown(browser, "#mapping-dialog");
  const addition = await browser.$("#map-addition");
  await browser.waitUntil(async () => (await addition.getValue()) !== "", { timeout: 20000 });
  await click(browser, "#map-save");
  await waitForText(browser, "#mapping-notice", /Agreements have been saved/);
  assert.equal(await (await rowOf(configured)).getAttribute("data-state"), "mapped");
});

test("disable asks for confirmation, warns that syncing stops, then unmaps", async () => {
  await (await (await rowOf(configured)).$("[data-action='disable']")).click();
  const dialog = await shown(browser, "#disable-mapping-dialog");
  assert.match(await dialog.getText(), /stops syncing/);
  await screenshot(browser, "mapping-disable-confirm");
  await click(browser, "#disable-mapping-confirm");
  await waitForText(browser, "#mapping-notice", /no longer synced/);
  await browser.waitUntil(async () => (await (await rowOf(configured)).getAttribute("data-state")) !== "mapped", {
    timeout: 20000,
  });
  // Focus went back to the page, not lost.
  const focused = await browser.execute(() => document.activeElement?.id || document.activeElement?.tagName);
  assert.notEqual(focused, "BODY");
  await fill(browser, "#org-filter", "");
});

test("accept all suggestions reviews them and saves the clear ones", async () => {
  const button = await shown(browser, "#accept-all");
  const count = Number((await button.getText()).match(/\((\d+)\)/)[1]);
  assert.ok(count > 0, "the demo data has organizations with a clear suggestion");
  await button.click();
  await shown(browser, "#accept-review");
  await screenshot(browser, "accept-suggestions-review");
  await click(browser, "#accept-confirm");
  const summary = await waitForText(browser, "#accept-summary", /suggestions were saved/, 120000);
  const saved = Number(summary.match(/^(\d+)/)[1]);
  assert.ok(saved > 0, summary);
  await screenshot(browser, "accept-suggestions-done");
  await click(browser, "#accept-close");
  await waitForText(browser, "#chip-mapped", new RegExp(`Mapped ${saved}\\b`));
});
