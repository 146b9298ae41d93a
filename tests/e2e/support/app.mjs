// Starts the real Highwater binary through tauri-driver (WebKitWebDriver) with its own data
// folder, and offers the few helpers every spec needs: waiting for a page, clicking, screenshots.
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

const here = dirname(fileURLToPath(import.meta.url));
export const screenshotDir = join(here, "..", "screenshots");

/** Launches the app with a fresh (or given) data folder and returns the WebdriverIO session. */
export async function launchApp({ dataDir, args = [] } = {}) {
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
      "tauri:options": { application, args: ["--data-dir", dir, ...args] },
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

/**
 * Saves a screenshot as tests/e2e/screenshots/<name>.png. Under the test session's X server the
 * display is captured directly (WebKitWebDriver's screenshot call sometimes never answers);
 * elsewhere WebDriver takes it.
 */
export async function screenshot(browser, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const file = join(screenshotDir, `${name}.png`);
  // Let the last click's rendering settle before capturing.
  await browser.execute(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
  if (process.env.DISPLAY && process.env.HIGHWATER_USE_DISPLAY !== "1") {
    try {
      execFileSync("import", ["-window", "root", file], { stdio: "ignore", timeout: 15000 });
    } catch (error) {
      if (error.code === "ENOENT") throw new Error("ImageMagick's `import` is missing: run `make system-deps`");
      throw error;
    }
  } else {
    await browser.saveScreenshot(file);
  }
}

/** The element for `selector`, once displayed. */
export async function shown(browser, selector, timeout = 15000) {
  const element = await browser.$(selector);
  await element.waitForDisplayed({ timeout, timeoutMsg: `${selector} was not shown within ${timeout} ms` });
  return element;
}

/** Replaces the value of the input at `selector` as a user typing would. */
export async function fill(browser, selector, value) {
  const input = await shown(browser, selector);
  await input.clearValue();
  if (value !== "") await input.setValue(value);
}

/** Clicks `selector` once it is shown and enabled. */
export async function click(browser, selector, timeout = 15000) {
  const element = await shown(browser, selector, timeout);
  await element.waitForEnabled({ timeout, timeoutMsg: `${selector} stayed disabled` });
  await element.click();
}

/** Waits until the element at `selector` shows text matching `pattern`; returns the text. */
export async function waitForText(browser, selector, pattern, timeout = 30000) {
  let text = "";
  await browser.waitUntil(
    async () => {
      const element = await browser.$(selector);
      text = (await element.isExisting()) ? await element.getText() : "";
      return pattern.test(text);
    },
    { timeout, timeoutMsg: `${selector} never matched ${pattern}; last text: "${text}"` },
  );
  return text;
}

/** Navigates inside the SPA by its left navigation (no reload, state kept). */
export async function goTo(browser, section, page = section) {
  await click(browser, `#nav-${section}`);
  return waitForPage(browser, page);
}
