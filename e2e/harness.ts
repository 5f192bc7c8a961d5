// What the console's end-to-end tests share: a real `bulwark serve` on a temporary database, Debian's
// Chromium driven by playwright-core, an axe-core WCAG 2.1 AA check, and a screenshot of every page.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

const ROOT = new URL("../", import.meta.url).pathname;
const CLI = join(ROOT, "apps/cli/dist/bulwark.js");

/** Debian's Chromium; the suite never downloads a browser. */
export const CHROMIUM = process.env.BULWARK_CHROMIUM ?? "/usr/bin/chromium";

/** Whether the browser tests can run here; CI installs Chromium, so there they must. */
export const browserAvailable =
  existsSync(CHROMIUM) && existsSync(CLI) && existsSync(join(ROOT, "apps/web/dist/index.html"));

/** Where every run leaves its screenshots (git-ignored). */
export const SCREENSHOTS = join(ROOT, "e2e/screenshots");

/** A running server with the first administrator's credentials. */
export interface TestServer {
  readonly url: string;
  readonly dataDir: string;
  readonly admin: { readonly email: string; readonly password: string; readonly token: string };
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

/** Start `bulwark serve` (the bundled CLI, the built console) on a fresh SQLite data directory. */
export async function startServer(): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "bulwark-e2e-"));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [CLI, "serve", "--port", String(port)], {
    env: {
      ...process.env,
      BULWARK_DATA_DIR: dataDir,
      BULWARK_LOG_LEVEL: "warn",
      // No internet in tests: the knowledge base comes from the demo seed, not a sync.
      BULWARK_SYNC_CRON: "off",
      BULWARK_WORKER_INTERVAL_MS: "300",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bulwark serve exited ${child.exitCode}:\n${out}`);
    if (/Web console:/.test(out)) break;
    if (Date.now() > deadline) throw new Error(`bulwark serve did not start in 30 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const field = (name: string) => new RegExp(`${name}:\\s+(\\S+)`).exec(out)?.[1] ?? "";
  return {
    url,
    dataDir,
    admin: { email: field("e-mail"), password: field("password"), token: field("API token") },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once("exit", r)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium as this machine can run it (root, no sandbox, no background network). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
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
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** One axe-core rule violation, as the failure message shows it. */
export interface Violation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/** The page's WCAG 2.0/2.1 A and AA violations found by axe-core (none is the goal). */
export async function axeViolations(page: Page): Promise<Violation[]> {
  // Strings, not functions: this file is type-checked without the DOM library.
  if (!(await page.evaluate<boolean>('"axe" in window'))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate<Violation[]>(`(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " — " + (n.failureSummary || "")),
    }));
  })()`);
}

/** Save `<name>.png` under e2e/screenshots/ (full page). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** How far the page is wider than the window (0 when nothing scrolls sideways). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
}
