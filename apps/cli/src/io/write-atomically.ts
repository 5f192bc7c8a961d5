import { open, rename, rm } from "node:fs/promises";
import { BulwarkError } from "@bulwark/core";

/**
 * Write a file whole or not at all: a crash mid-write never leaves half a report behind. The
 * content may come in pieces (a report too large for one string), written as they come.
 */
export async function writeAtomically(path: string, content: string | Iterable<string>): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    const file = await open(tmp, "w");
    try {
      for (const chunk of typeof content === "string" ? [content] : content) await file.write(chunk);
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new BulwarkError("BULWARK_OUTPUT_WRITE_FAILED", `cannot write ${path}: ${(e as Error).message}`, {
      cause: e,
    });
  }
}
