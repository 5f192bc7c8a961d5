// Preloaded into a CLI process by the benchmarks: reports its peak RSS when it exits.
process.on("exit", () => {
  process.stderr.write(`\nBENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
