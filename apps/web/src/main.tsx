import "@uswds/uswds/css/uswds.min.css";
import "./app/console.css";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { App } from "./app/App.tsx";
import { SessionProvider } from "./app/session.tsx";

const queries = new QueryClient({
  defaultOptions: {
    // A coded error (not found, forbidden, invalid) will not change on retry; the network might.
    queries: { retry: (count, error) => count < 2 && (error as { status?: number }).status === 0, staleTime: 10_000 },
  },
});

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <BrowserRouter>
        <SessionProvider>
          <App />
        </SessionProvider>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
