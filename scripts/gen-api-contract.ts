// Regenerates packages/api-contract/src/generated/openapi.ts from the server's OpenAPI document
// (`npm run contract`); scripts/api-contract.test.ts fails while the committed file is stale.
import { writeFileSync } from "node:fs";
import { CONTRACT_FILE, renderContract } from "./api-contract.ts";

writeFileSync(CONTRACT_FILE, await renderContract());
