import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readVex } from "./read-vex.ts";
import type { VexStatement } from "./types.ts";

/** Absolute path of a file under `suppress/fixtures/`. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

/** Read a VEX fixture from `suppress/fixtures/`, reporting it under its fixture-relative name. */
export function readFixture(name: string): VexStatement[] {
  return readVex(name, readFileSync(fixturePath(name)));
}
