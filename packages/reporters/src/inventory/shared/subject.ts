import type { Inventory, InventorySource } from "@bulwark/extractors";
import type { RenderOptions } from "../types.ts";

/** What an SBOM describes: the scanned directory, file or image, or a whole multi-source inventory. */
export interface Subject {
  /** `inventory` when the inventory has no source or several (no single thing was scanned). */
  readonly kind: InventorySource["kind"] | "inventory";
  readonly name: string;
  /** Container images: what the image config says (tags, ID, platform, layers). */
  readonly image?: InventorySource["image"];
  readonly sources: readonly InventorySource[];
}

/** Fallback name of a document that names neither a single source nor a `documentName`. */
export const DEFAULT_SUBJECT_NAME = "bulwark-inventory";

function sourceName(source: InventorySource): string {
  return source.image?.tags[0] ?? source.image?.id ?? source.path;
}

/** The subject of the inventory: its only source, else one subject standing for all of them. */
export function describeSubject(inv: Inventory, opts: RenderOptions): Subject {
  const only = inv.sources.length === 1 ? inv.sources[0] : undefined;
  if (only === undefined) {
    return { kind: "inventory", name: opts.documentName ?? DEFAULT_SUBJECT_NAME, sources: inv.sources };
  }
  const subject = { kind: only.kind, name: sourceName(only), sources: inv.sources };
  return only.image === undefined ? subject : { ...subject, image: only.image };
}

/** `directory:path`, `image:path` — one line per source for documents that list them as text. */
export function sourceLabel(source: InventorySource): string {
  return `${source.kind}:${source.path}`;
}

/** The name of the document itself: the caller's name, else the subject's. */
export function documentNameOf(subject: Subject, opts: RenderOptions): string {
  return opts.documentName ?? subject.name;
}
