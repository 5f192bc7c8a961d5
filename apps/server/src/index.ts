/** @bulwark/server: the clearinghouse server (Fastify composition root). */

export type { AppDeps } from "./app.ts";
export { buildApp } from "./app.ts";
export type { BootstrapResult } from "./bootstrap.ts";
export { bootstrapAdmin } from "./bootstrap.ts";
export type { ServerConfig, ServerConfigOverrides } from "./config.ts";
export { loadServerConfig } from "./config.ts";
export type { FixtureImport } from "./demo/fixture-import.ts";
export type { DemoSeedAsset, DemoSeedOptions, DemoSeedResult } from "./demo/seed.ts";
export { DEMO_ASSETS, DEMO_ORG, seedDemo } from "./demo/seed.ts";
export type { ServerKnowledge } from "./knowledge.ts";
export { hashPassword, verifyPassword } from "./passwords.ts";
export type { PasswordReset } from "./reset-password.ts";
export { resetPassword } from "./reset-password.ts";
export type { RunningServer } from "./start.ts";
export { FIRST_ADMIN_EMAIL, openMigrated, startServer } from "./start.ts";
