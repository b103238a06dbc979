// Shared helpers: start the real kinlink binary on a free port with its own data dir, and launch
// Debian's Chromium through playwright-core (no browser download).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

export const BIN = process.env.KINLINK_BIN || new URL("../../target/debug/kinlink", import.meta.url).pathname;

/** `env`: settings of the test's own, such as a higher sign-up budget. */
export async function startServer({ env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "kinlink-browser-"));
  const child = spawn(BIN, ["serve"], {
    cwd: dir,
    env: { PATH: process.env.PATH, KINLINK_BIND: "127.0.0.1:0", KINLINK_LOG_FORMAT: "json", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("kinlink did not start")), 60_000);
    createInterface({ input: child.stdout }).on("line", (line) => {
      try {
        const event = JSON.parse(line);
        if (event.message === "kinlink is listening") {
          clearTimeout(timer);
          resolve(event.port);
        }
      } catch {
        // not a log line of ours
      }
    });
    child.on("exit", (code) => reject(new Error(`kinlink exited with ${code}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    dir,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh browser profile; `javaScriptEnabled: false` is how most flows are tested. */
export async function launch({ javaScriptEnabled = false, mobile = true } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), "kinlink-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    javaScriptEnabled,
    viewport: mobile ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One Chromium for several people at once (a family, another family, two caseworkers): each
 * gets a context of its own (cookies apart). `bypassCSP` lets a test inject axe-core into pages
 * whose CSP forbids scripts it did not serve.
 */
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    browser,
    newContext({ javaScriptEnabled = false, mobile = true, bypassCSP = false } = {}) {
      return browser.newContext({
        javaScriptEnabled,
        bypassCSP,
        viewport: mobile ? { width: 390, height: 844 } : { width: 1280, height: 900 },
      });
    },
    close: () => browser.close(),
  };
}
