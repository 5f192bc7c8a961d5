import { BulwarkError } from "@bulwark/core";
import { currentSigningKey, type ServerDb } from "@bulwark/db";
import type { FastifyInstance } from "fastify";

/** The media type of a PEM file, for clients that want the key itself (`curl -H 'Accept: …'`). */
export const PEM_MEDIA_TYPE = "application/x-pem-file";

/**
 * `GET /.well-known/bulwark-signing-key`: the public half of the clearinghouse's Ed25519 key, for
 * anyone (no authentication), so `bulwark verify --server` and others can check signed files.
 * JSON by default; the bare PEM for `Accept: application/x-pem-file`.
 */
export function registerSigningKeyRoutes(app: FastifyInstance, db: ServerDb): void {
  app.get(
    "/.well-known/bulwark-signing-key",
    {
      schema: {
        tags: ["signing"],
        summary: "The public key that signs patch artifacts and bulletins",
        response: {
          200: {
            type: "object",
            required: ["algorithm", "publicKey", "keyId", "createdAt"],
            properties: {
              algorithm: { type: "string", enum: ["ed25519"] },
              publicKey: { type: "string", description: "SPKI PEM" },
              keyId: { type: "string" },
              createdAt: { type: "string", format: "date-time" },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const key = await currentSigningKey(db);
      if (key === undefined) {
        // Only a server built without startServer (which creates the key) has none.
        throw new BulwarkError("BULWARK_OBJECT_NOT_FOUND", "this server has no signing key yet", {
          hint: "Start the server with `bulwark serve`, which creates the key at first start.",
        });
      }
      void reply.header("cache-control", "public, max-age=300");
      // Naming the PEM type at all asks for it: no client wants it as a fallback to JSON.
      if ((request.headers.accept ?? "").toLowerCase().includes(PEM_MEDIA_TYPE)) {
        return reply.type(PEM_MEDIA_TYPE).send(key.publicKey);
      }
      return { algorithm: key.algorithm, publicKey: key.publicKey, keyId: key.keyId, createdAt: key.createdAt };
    },
  );
}
