// A data file written by a newer Highwater is refused, untouched, with a sentence the admin can act
// on — shown in the real window rather than a crash or an empty app, and raised as a desktop
// notification (watched on the session bus, where notification daemons receive it).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchApp, waitForPage, screenshot } from "../support/app.mjs";

let browser;
let dbFile;
let before_bytes;
let monitor;
let notifications = "";

before(async () => {
  monitor = spawn("dbus-monitor", [
    "--session",
    "type='method_call',interface='org.freedesktop.Notifications',member='Notify'",
  ]);
  monitor.stdout.on("data", (chunk) => (notifications += chunk));
  await new Promise((resolve) => setTimeout(resolve, 300)); // let the match rule register
  const dataDir = mkdtempSync(join(tmpdir(), "highwater-e2e-newer-"));
  dbFile = join(dataDir, "highwater.sqlite3");
  // Schema 99: the version table exactly as the store writes it, from the future.
  const sql =
    "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT;" +
    "INSERT INTO schema_migrations VALUES (99, 'from_the_future', '2030-01-01T00:00:00.000Z');";
  execFileSync("python3", ["-c", `import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit(); c.close()`, dbFile, sql]);
  before_bytes = readFileSync(dbFile);
  ({ browser } = await launchApp({ dataDir }));
});

after(async () => {
  await browser?.deleteSession();
  monitor?.kill();
});

test("a newer data file is refused with a clear message and left untouched", async () => {
  await waitForPage(browser, "first-run");
  const banner = await browser.$("#store-error");
  await banner.waitForDisplayed({ timeout: 15000 });
  const text = await banner.getText();
  assert.match(text, /newer version of Highwater/);
  assert.match(text, /schema 99/);
  await screenshot(browser, "store-newer-refused");
  assert.deepEqual(readFileSync(dbFile), before_bytes, "the file is not modified");
});

test("the refusal is raised as one desktop notification", async () => {
  const deadline = Date.now() + 10000;
  while (!notifications.includes("Highwater cannot open its data") && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.match(notifications, /string "Highwater cannot open its data"/);
  assert.match(notifications, /newer version of Highwater/);
  const count = notifications.split('string "Highwater cannot open its data"').length - 1;
  assert.equal(count, 1, "raised once, not repeated");
});
