// Test-only helpers, exported as `@bulwark/core/testing`; production code never imports them.
export * from "./data.ts";
export * from "./zip-writer.ts";
