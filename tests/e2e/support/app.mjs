// Starts the real Highwater binary through tauri-driver (WebKitWebDriver) with its own data
// folder, and offers the few helpers every spec needs: waiting for a page, clicking, screenshots.
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

const here = dirname(fileURLToPath(import.meta.url));
export const screenshotDir = join(here, "..", "screenshots");

/** Launches the app with a fresh (or given) data folder and returns the WebdriverIO session. */
export async function launchApp({ dataDir } = {}) {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), "highwater-e2e-"));
  const application = process.env.HIGHWATER_APP;
  if (!application) throw new Error("HIGHWATER_APP is not set; run the suite through tests/e2e/run.sh");
  const browser = await remote({
    hostname: "127.0.0.1",
    port: 4444,
    logLevel: "warn",
    connectionRetryCount: 0,
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true, // WebKitWebDriver has no BiDi
      "tauri:options": { application, args: ["--data-dir", dir] },
    },
  });
  await browser.setTimeout({ implicit: 0 });
  return { browser, dataDir: dir };
}

/** Waits until the page with `data-page=<name>` is shown and returns its root element. */
export async function waitForPage(browser, name, timeout = 15000) {
  const page = await browser.$(`[data-page="${name}"]`);
  await page.waitForDisplayed({
    timeout,
    timeoutMsg: `page "${name}" did not render within ${timeout} ms`,
  });
  return page;
}

/** Saves a screenshot of the window as tests/e2e/screenshots/<name>.png. */
export async function screenshot(browser, name) {
  mkdirSync(screenshotDir, { recursive: true });
  await browser.saveScreenshot(join(screenshotDir, `${name}.png`));
}
