// A data file written by a newer Highwater is refused, untouched, with a sentence the admin can act
// on — shown in the real window rather than a crash or an empty app.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchApp, waitForPage, screenshot } from "../support/app.mjs";

let browser;
let dbFile;
let before_bytes;

before(async () => {
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
