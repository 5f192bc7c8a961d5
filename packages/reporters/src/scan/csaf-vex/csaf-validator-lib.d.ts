// Types for the parts of @secvisogram/csaf-validator-lib the tests use: the package ships JSDoc
// types in .js files only, which this repository does not type-check (no allowJs).

declare module "@secvisogram/csaf-validator-lib/validate.js" {
  /** One message of a test. */
  export interface CsafMessage {
    message: string;
    instancePath: string;
  }
  /** What one test found. */
  export interface CsafTestResult {
    name: string;
    isValid: boolean;
    errors: CsafMessage[];
    warnings: CsafMessage[];
    infos: CsafMessage[];
  }
  /** What a validation run found: valid when every test is. */
  export interface CsafResult {
    isValid: boolean;
    tests: CsafTestResult[];
  }
  /** A document test; its function name is the test id (`mandatoryTest_6_1_1`). */
  export type CsafTest = (doc: unknown) => unknown;
  /** Runs the given tests on a document. */
  export default function validate(tests: readonly CsafTest[], doc: unknown): Promise<CsafResult>;
}

declare module "@secvisogram/csaf-validator-lib/schemaTests.js" {
  import type { CsafTest } from "@secvisogram/csaf-validator-lib/validate.js";
  /** The CSAF 2.0 JSON schema with additional properties forbidden. */
  export const csaf_2_0_strict: CsafTest;
  /** The CSAF 2.0 JSON schema. */
  export const csaf_2_0: CsafTest;
}

declare module "@secvisogram/csaf-validator-lib/mandatoryTests.js" {
  import type { CsafTest } from "@secvisogram/csaf-validator-lib/validate.js";

  const tests: Record<string, CsafTest>;
  export = tests;
}

declare module "@secvisogram/csaf-validator-lib/optionalTests.js" {
  import type { CsafTest } from "@secvisogram/csaf-validator-lib/validate.js";

  const tests: Record<string, CsafTest>;
  export = tests;
}

declare module "@secvisogram/csaf-validator-lib/informativeTests.js" {
  import type { CsafTest } from "@secvisogram/csaf-validator-lib/validate.js";

  const tests: Record<string, CsafTest>;
  export = tests;
}
