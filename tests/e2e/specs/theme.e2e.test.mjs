// Light and dark follow the OS. On a GTK desktop the OS preference reaches WebKit through GTK's
// settings (`gtk-application-prefer-dark-theme`, what GNOME's dark style sets for GTK 3 apps), which
// GTK reads from $XDG_CONFIG_HOME/gtk-3.0/settings.ini when no settings daemon runs — the desktop
// session gives the suite its own XDG_CONFIG_HOME, so nothing of the user's is touched.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launchApp, waitForPage, screenshot, shown } from "../support/app.mjs";

const configHome = process.env.XDG_CONFIG_HOME;
const gtkSettings = configHome && join(configHome, "gtk-3.0", "settings.ini");

let browser;

async function relaunch(args = []) {
  await browser?.deleteSession();
  ({ browser } = await launchApp({ args }));
}

/** What the page sees: the media query and the painted background of the app's frame. */
async function appearance() {
  return browser.execute(() => ({
    dark: window.matchMedia("(prefers-color-scheme: dark)").matches,
    background: getComputedStyle(document.body).backgroundColor,
  }));
}

/** Relative luminance of a computed `rgb(r, g, b)` colour, 0 (black) to 1 (white). */
function luminance(rgb) {
  const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
  const linear = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

after(async () => {
  await browser?.deleteSession();
  if (gtkSettings) rmSync(gtkSettings, { force: true });
});

test("with no dark preference the window is light", { skip: !configHome && "no XDG_CONFIG_HOME" }, async () => {
  rmSync(gtkSettings, { force: true });
  await relaunch();
  await waitForPage(browser, "first-run");
  const { dark, background } = await appearance();
  assert.equal(dark, false);
  assert.ok(luminance(background) > 0.8, `light background, got ${background}`);
});

test("when the OS prefers dark, every screen is dark", { skip: !configHome && "no XDG_CONFIG_HOME" }, async () => {
  mkdirSync(join(configHome, "gtk-3.0"), { recursive: true });
  writeFileSync(gtkSettings, "[Settings]\ngtk-application-prefer-dark-theme=1\n");
  // The demo tenant gives the screens real content to show.
  await relaunch(["--demo"]);
  await waitForPage(browser, "companies", 60000);
  await shown(browser, "[data-org-id]", 30000);
  const { dark, background } = await appearance();
  assert.equal(dark, true);
  assert.ok(luminance(background) < 0.05, `dark background, got ${background}`);
  await screenshot(browser, "dark-companies");
  for (const id of ["connections", "ticketing", "activity", "settings"]) {
    await (await browser.$(`#nav-${id}`)).click();
    await waitForPage(browser, id);
    const text = await browser.execute(() => getComputedStyle(document.querySelector("main") ?? document.body).color);
    assert.ok(luminance(text) > 0.5, `${id}: light text on dark, got ${text}`);
    await screenshot(browser, `dark-${id}`);
  }
});
