import { KnowledgeBase, type ServerDb } from "@bulwark/db";
import type { FastifyInstance } from "fastify";
import { type AppDeps, buildApp } from "./app.ts";
import { knowledgeOf } from "./kb-knowledge.ts";

/**
 * The server as route tests build it: the database's own knowledge base, a fixed clock, no logs.
 * Anything else in `AppDeps` can be overridden.
 */
export function buildTestApp(
  db: ServerDb,
  clock: () => Date,
  overrides: Partial<Omit<AppDeps, "db" | "clock">> = {},
): Promise<FastifyInstance> {
  return buildApp({
    db,
    knowledge: knowledgeOf(new KnowledgeBase(db)),
    clock,
    version: "test",
    logLevel: "silent",
    ...overrides,
  });
}

/** `Authorization: Bearer <token>` headers. */
export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}
