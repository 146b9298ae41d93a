// Starts the simulated ConnectWise + JumpCloud tenants (the `highwater-sandbox-serve` binary built
// next to the app) and returns what a user would type to connect to them. Closing its stdin stops it.
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";

export async function startSandbox() {
  const binary = join(dirname(process.env.HIGHWATER_APP), "highwater-sandbox-serve");
  const child = spawn(binary, [], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`${binary} exited with ${code} before announcing itself`)));
    lines.once("line", resolve);
  });
  const info = JSON.parse(first);
  return {
    ...info,
    async stop() {
      child.stdin.end();
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", resolve)));
    },
  };
}

/** Every Secret Service item Highwater stored (attribute `service` = the app identifier). */
export function highwaterKeyringItems() {
  // secret-tool prints each item's label and secret on stdout but its attributes on stderr.
  const { stdout, stderr } = spawnSync("secret-tool", ["search", "--all", "--unlock", "service", "app.highwater.desktop"], {
    encoding: "utf8",
  });
  return `${stdout}\n${stderr}`
    .split("\n")
    .filter((line) => line.startsWith("attribute.username = "))
    .map((line) => line.slice("attribute.username = ".length));
}

/** The stored value of one Highwater keyring entry, or null. */
export function keyringValue(account) {
  try {
    return execFileSync("secret-tool", ["lookup", "service", "app.highwater.desktop", "username", account], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch {
    return null;
  }
}

/** Removes every Highwater keyring entry (a spec that asserts on the keyring starts clean). */
export function clearHighwaterKeyring() {
  try {
    execFileSync("secret-tool", ["clear", "service", "app.highwater.desktop"], { stdio: "ignore" });
  } catch {
    // Nothing matched: already clean.
  }
}
