/**
 * Yield the lines of a text stream in batches (one batch per chunk read), without
 * line endings. Batches keep per-line async overhead out of hot pipes.
 */
export async function* readLineBatches(stream: NodeJS.ReadableStream): AsyncGenerator<string[]> {
  let rest = "";
  stream.setEncoding?.("utf8");
  for await (const chunk of stream as AsyncIterable<string>) {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop() ?? "";
    yield lines.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  }
  if (rest !== "") yield [rest.endsWith("\r") ? rest.slice(0, -1) : rest];
}
