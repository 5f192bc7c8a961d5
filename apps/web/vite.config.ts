import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The console is built into dist/, which `bulwark serve` serves at `/`. In development, `vite`
// proxies the API to a server on :8080 (`npm start`).
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: {
      "/api": "http://127.0.0.1:8080",
      "/v1": "http://127.0.0.1:8080",
      "/.well-known": "http://127.0.0.1:8080",
    },
  },
});
