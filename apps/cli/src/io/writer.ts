/** Collects small writes and flushes them in large blocks, honouring back-pressure. */
export class BufferedWriter {
  readonly #out: NodeJS.WritableStream;
  #parts: string[] = [];
  #size = 0;
  #drain: Promise<void> | undefined;

  constructor(out: NodeJS.WritableStream) {
    this.#out = out;
  }

  /** Queue text; flushes every 64 KiB. */
  write(s: string): void {
    this.#parts.push(s);
    this.#size += s.length;
    if (this.#size >= 65536) this.#flush();
  }

  #flush(): void {
    if (this.#parts.length === 0) return;
    const block = this.#parts.join("");
    this.#parts = [];
    this.#size = 0;
    if (!this.#out.write(block) && !this.#drain) {
      this.#drain = new Promise((resolve) =>
        this.#out.once("drain", () => {
          this.#drain = undefined;
          resolve();
        }),
      );
    }
  }

  /** Wait while the stream is full, so a slow reader bounds memory. */
  async ready(): Promise<void> {
    if (this.#drain) await this.#drain;
  }

  /** Flush what is left and wait until the stream has taken it. */
  async end(): Promise<void> {
    this.#flush();
    await this.ready();
  }
}
