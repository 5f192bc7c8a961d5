import { goModExtractor } from "../go/go-mod/index.ts";
import { distInfoExtractor } from "../pypi/dist-info/index.ts";
import { pdmLockExtractor } from "../pypi/pdm-lock/index.ts";
import { pipfileLockExtractor } from "../pypi/pipfile-lock/index.ts";
import { poetryLockExtractor } from "../pypi/poetry-lock/index.ts";
import { pylockExtractor } from "../pypi/pylock/index.ts";
import { requirementsExtractor } from "../pypi/requirements/index.ts";
import { uvLockExtractor } from "../pypi/uv-lock/index.ts";
import type { Extractor } from "../types.ts";

/** Extractors of this group, in the order they are tried. */
export const extractors: readonly Extractor[] = [
  requirementsExtractor,
  poetryLockExtractor,
  pipfileLockExtractor,
  pdmLockExtractor,
  uvLockExtractor,
  pylockExtractor,
  distInfoExtractor,
  goModExtractor,
];
