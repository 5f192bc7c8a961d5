import { rename, rm, writeFile } from "node:fs/promises";
import { BulwarkError } from "@bulwark/core";

/** Write a file whole or not at all: a crash mid-write never leaves half a report behind. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new BulwarkError("BULWARK_OUTPUT_WRITE_FAILED", `cannot write ${path}: ${(e as Error).message}`, {
      cause: e,
    });
  }
}
