import { isObject } from "./json-blob.ts";

/** An `os/arch[/variant]` platform. */
export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

/** The platform Bulwark picks from a multi-platform index when none is asked for. */
export const DEFAULT_PLATFORM: Platform = { os: "linux", architecture: "amd64" };

/** Parses `linux/arm64/v8`; `undefined` for anything else. */
export function parsePlatform(text: string): Platform | undefined {
  const [os, architecture, variant, extra] = text.split("/");
  if (!os || !architecture || extra !== undefined) return undefined;
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** Reads a descriptor's `platform` object. */
export function platformOf(value: unknown): Platform | undefined {
  if (!isObject(value) || typeof value.os !== "string" || typeof value.architecture !== "string") return undefined;
  return typeof value.variant === "string"
    ? { os: value.os, architecture: value.architecture, variant: value.variant }
    : { os: value.os, architecture: value.architecture };
}

/** Whether `actual` satisfies `wanted` (a variant is compared only when both name one). */
export function platformMatches(actual: Platform, wanted: Platform): boolean {
  if (actual.os !== wanted.os || actual.architecture !== wanted.architecture) return false;
  return wanted.variant === undefined || actual.variant === undefined || actual.variant === wanted.variant;
}

/** `linux/arm64/v8`. */
export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join("/");
}
