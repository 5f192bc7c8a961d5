import { bunLockExtractor } from "../npm/bun-lock/index.ts";
import { nodeModulesExtractor } from "../npm/node-modules/index.ts";
import { packageLockExtractor } from "../npm/package-lock/index.ts";
import { pnpmLockExtractor } from "../npm/pnpm-lock/index.ts";
import { yarnLockExtractor } from "../npm/yarn-lock/index.ts";
import type { Extractor } from "../types.ts";

/** Extractors of this group, in the order they are tried. */
export const extractors: readonly Extractor[] = [
  packageLockExtractor,
  yarnLockExtractor,
  pnpmLockExtractor,
  bunLockExtractor,
  nodeModulesExtractor,
];
