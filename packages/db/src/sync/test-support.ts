import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join, normalize, resolve, sep } from "node:path";
import { makeZip, type ZipEntryInput } from "@bulwark/core/testing";

// Test helpers for the sync tests (also used by the CLI end-to-end test). Not exported
// from @bulwark/db: nothing in production code imports this file.

export { makeZip };

/** A deliberate misbehaviour for the next request(s) to a path. */
export type Fault =
  /** Answer with this status (and optionally Retry-After). */
  | { readonly kind: "status"; readonly status: number; readonly retryAfter?: string }
  /** Destroy the socket without answering. */
  | { readonly kind: "drop" }
  /** Announce the real Content-Length but send only half of the body, then close. */
  | { readonly kind: "truncate" }
  /** Send headers and never any body, keeping the connection open. */
  | { readonly kind: "hang" }
  /** Send the body chunked, without Content-Length (so only counting catches oversize). */
  | { readonly kind: "chunked" }
  /** Announce this Content-Length (headers only; the connection is then closed). */
  | { readonly kind: "announce"; readonly contentLength: number };

/** A request the server saw. */
export interface SeenRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly status: number;
}

/**
 * A static file server on 127.0.0.1 with ETag / Last-Modified / conditional GET,
 * serving `root` plus in-memory overrides, with switchable faults per path.
 */
export class TestFileServer {
  readonly requests: SeenRequest[] = [];
  readonly #server: Server;
  readonly #root: string;
  readonly #overrides = new Map<string, { body: Buffer; lastModified: Date }>();
  readonly #faults = new Map<string, Fault[]>();
  readonly #persistent = new Map<string, Fault>();
  #url = "";

  private constructor(root: string) {
    this.#root = resolve(root);
    this.#server = createServer((req, res) => this.#handle(req.url ?? "/", req.headers, res));
  }

  /** Start serving `root` on an ephemeral port of 127.0.0.1. */
  static async start(root: string): Promise<TestFileServer> {
    const s = new TestFileServer(root);
    await new Promise<void>((ok) => s.#server.listen(0, "127.0.0.1", ok));
    s.#url = `http://127.0.0.1:${(s.#server.address() as AddressInfo).port}`;
    return s;
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return this.#url;
  }

  /** Serve `body` at `path` instead of the file (or where there is none). */
  put(path: string, body: Buffer | string, lastModified = new Date("2025-08-25T12:00:00Z")): void {
    this.#overrides.set(path, { body: Buffer.from(body), lastModified });
  }

  /** Misbehave on the next `faults.length` requests to `path`, in order. */
  failNext(path: string, ...faults: Fault[]): void {
    this.#faults.set(path, [...(this.#faults.get(path) ?? []), ...faults]);
  }

  /** Misbehave on every request to `path` until {@link clearFaults}. */
  failAlways(path: string, fault: Fault): void {
    this.#persistent.set(path, fault);
  }

  /** Forget all faults. */
  clearFaults(): void {
    this.#faults.clear();
    this.#persistent.clear();
  }

  /** Requests seen for `path`. */
  requestsFor(path: string): SeenRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Stop listening and cut open connections (a hanging fault keeps one open). */
  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((ok) => this.#server.close(() => ok()));
  }

  #file(path: string): { body: Buffer; lastModified: Date } | undefined {
    const o = this.#overrides.get(path);
    if (o) return o;
    const full = normalize(join(this.#root, path));
    if (full !== this.#root && !full.startsWith(this.#root + sep)) return undefined;
    try {
      const st = statSync(full);
      if (!st.isFile()) return undefined;
      return { body: readFileSync(full), lastModified: st.mtime };
    } catch {
      return undefined;
    }
  }

  #handle(rawUrl: string, headers: IncomingHttpHeaders, res: ServerResponse): void {
    const path = decodeURIComponent(new URL(rawUrl, "http://x").pathname);
    const record = (status: number) => this.requests.push({ path, headers, status });
    const queued = this.#faults.get(path);
    const fault = queued?.shift() ?? this.#persistent.get(path);
    const file = this.#file(path);
    if (fault) {
      switch (fault.kind) {
        case "status":
          record(fault.status);
          res.writeHead(fault.status, fault.retryAfter ? { "retry-after": fault.retryAfter } : {});
          res.end(`fault ${fault.status}\n`);
          return;
        case "drop":
          record(0);
          res.socket?.destroy();
          return;
        case "hang":
          record(200);
          res.writeHead(200, { "content-type": "application/octet-stream" });
          res.flushHeaders();
          return;
        case "announce":
          record(200);
          res.writeHead(200, { "content-length": String(fault.contentLength) });
          res.flushHeaders();
          setTimeout(() => res.socket?.destroy(), 20);
          return;
        default:
          break;
      }
    }
    if (!file) {
      record(404);
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found\n");
      return;
    }
    const etag = `"${createHash("sha256").update(file.body).digest("hex").slice(0, 16)}"`;
    const lastModified = new Date(Math.floor(file.lastModified.getTime() / 1000) * 1000);
    const inm = headers["if-none-match"];
    const ims = headers["if-modified-since"];
    // RFC 9110 §13.2.2: If-None-Match wins over If-Modified-Since.
    const unchanged = inm !== undefined ? inm === etag : ims !== undefined && Date.parse(ims) >= lastModified.getTime();
    const common = { etag, "last-modified": lastModified.toUTCString() };
    if (unchanged) {
      record(304);
      res.writeHead(304, common);
      res.end();
      return;
    }
    record(200);
    if (fault?.kind === "truncate") {
      res.writeHead(200, { ...common, "content-length": String(file.body.length) });
      res.write(file.body.subarray(0, Math.floor(file.body.length / 2)), () => res.socket?.destroy());
      return;
    }
    if (fault?.kind === "chunked") {
      res.writeHead(200, common);
      for (let i = 0; i < file.body.length; i += 4096) res.write(file.body.subarray(i, i + 4096));
      res.end();
      return;
    }
    res.writeHead(200, { ...common, "content-length": String(file.body.length) });
    res.end(file.body);
  }
}

/** The repository's fixtures directory. */
export const FIXTURES = resolve(import.meta.dirname, "../../../../fixtures");

/** The OSV records of `fixtures/sync/osv/<ecosystem>/`, as zip entries. */
export function fixtureRecords(ecosystem: string): ZipEntryInput[] {
  const dir = join(FIXTURES, "sync", "osv", ecosystem);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({ name: f, data: readFileSync(join(dir, f)) }));
}

/** Paths of the mirror laid out by {@link writeMirror}, relative to its root. */
export const MIRROR = {
  kev: "/kev/known_exploited_vulnerabilities.json",
  epss: "/epss/epss_scores-2025-08-25.csv.gz",
  ecosystems: "/osv/ecosystems.txt",
  zip: (ecosystem: string) => `/osv/${ecosystem}/all.zip`,
} as const;

/** Ecosystems with records under fixtures/sync/osv. */
export const FIXTURE_ECOSYSTEMS = ["Go", "PyPI", "crates.io"] as const;

/**
 * Lay out a small mirror in `dir`: `osv/<Eco>/all.zip` built from the fixture records,
 * `osv/ecosystems.txt`, the KEV subset and the synthetic EPSS file.
 */
export function writeMirror(dir: string): void {
  for (const eco of FIXTURE_ECOSYSTEMS) {
    mkdirSync(join(dir, "osv", eco), { recursive: true });
    writeFileSync(join(dir, "osv", eco, "all.zip"), makeZip(fixtureRecords(eco)));
  }
  writeFileSync(join(dir, "osv", "ecosystems.txt"), `${FIXTURE_ECOSYSTEMS.join("\n")}\nUbuntu:22.04:LTS\n`);
  mkdirSync(join(dir, "kev"), { recursive: true });
  copyFileSync(
    join(FIXTURES, "sync", "kev", "known_exploited_vulnerabilities.json"),
    join(dir, "kev", "known_exploited_vulnerabilities.json"),
  );
  mkdirSync(join(dir, "epss"), { recursive: true });
  copyFileSync(
    join(FIXTURES, "epss", "epss_scores-2025-08-25.csv.gz"),
    join(dir, "epss", "epss_scores-2025-08-25.csv.gz"),
  );
}
