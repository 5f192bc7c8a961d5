import { BulwarkError, ERROR_CODES, type ErrorCode } from "@bulwark/core";
import type { FastifyError, FastifyInstance } from "fastify";

/** The one error body every endpoint answers with. */
export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

/** The JSON Schema of {@link ErrorBody}, for route responses and OpenAPI. */
export const ERROR_BODY_SCHEMA = {
  $id: "ErrorBody",
  type: "object",
  required: ["code", "message", "details"],
  properties: {
    code: { type: "string", description: "A stable BULWARK_* code (docs/errors.md)." },
    message: { type: "string" },
    details: { type: "object", additionalProperties: true },
  },
} as const;

function statusOf(code: string): number {
  const info = ERROR_CODES[code as ErrorCode] as { http?: number } | undefined;
  return info?.http ?? 500;
}

/**
 * Errors become `{code, message, details}` with the status the registry gives the code: coded
 * errors as they are, schema validation failures as BULWARK_REQUEST_INVALID listing each problem,
 * anything else as BULWARK_INTERNAL_UNEXPECTED without internals (logged with its stack).
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | BulwarkError | Error, request, reply) => {
    let body: ErrorBody;
    let status: number;
    if (error instanceof BulwarkError) {
      status = statusOf(error.code);
      body = { code: error.code, message: error.message, details: { ...(error.details ?? {}), hint: error.hint } };
    } else if ("validation" in error && Array.isArray(error.validation)) {
      status = 400;
      body = {
        code: "BULWARK_REQUEST_INVALID",
        message: `the request ${error.validationContext ?? "body"} is not valid`,
        details: {
          problems: error.validation.map((v) => ({
            pointer: `/${error.validationContext ?? "body"}${v.instancePath}`,
            message: v.message ?? "invalid",
          })),
        },
      };
    } else if ("statusCode" in error && typeof error.statusCode === "number" && error.statusCode < 500) {
      // Fastify's own client errors: a body that is not JSON, too large, a wrong content type.
      status = error.statusCode;
      body = {
        code:
          status === 429
            ? "BULWARK_REQUEST_RATE_LIMITED"
            : status === 413
              ? "BULWARK_REQUEST_TOO_LARGE"
              : "BULWARK_REQUEST_INVALID",
        message: error.message,
        details: {},
      };
    } else {
      status = 500;
      request.log.error({ err: error }, "unexpected error");
      body = { code: "BULWARK_INTERNAL_UNEXPECTED", message: "an unexpected error occurred", details: {} };
    }
    if (status >= 500 && !(error instanceof BulwarkError)) request.log.error({ err: error }, "request failed");
    void reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({
      code: "BULWARK_OBJECT_NOT_FOUND",
      message: `no route ${request.method} ${request.url.split("?")[0]}`,
      details: {},
    } satisfies ErrorBody);
  });
}
