// Child process of sbom.bench.ts: extracts one package-lock.json and prints time and peak memory
// growth as JSON. Run alone so that nothing else's allocations count.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { extractorByName, makeExtractInput } from "@bulwark/extractors";

const path = process.argv[2] as string;
const bytes = readFileSync(path);
const extractor = extractorByName("npm/package-lock");
if (extractor === undefined) throw new Error("npm/package-lock is not registered");
const root = { read: async () => undefined, list: async () => undefined };
const baseline = process.resourceUsage().maxRSS * 1024;
const t = performance.now();
const result = await extractor.extract(makeExtractInput(basename(path), bytes, root), new AbortController().signal);
const ms = performance.now() - t;
const peakBytes = process.resourceUsage().maxRSS * 1024 - baseline;
const t2 = performance.now();
JSON.parse(bytes.toString("utf8"));
const parseFloorMs = performance.now() - t2;
console.log(JSON.stringify({ ms, packages: result.packages.length, peakBytes, parseFloorMs }));
