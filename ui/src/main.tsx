// Entry point. Outside Tauri (a plain browser during development, or a `--mode mock` build for
// screenshots and browser tests) a fake backend is installed first; production builds drop it.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import "./styles/tokens.css";
import "./styles/base.css";
import "./styles/queue.css";
import "./styles/detail.css";
import "./styles/forms.css";

declare global {
  interface Window {
    __TAURI_INTERNALS__?: unknown;
  }
}

async function start() {
  const mockAllowed = import.meta.env.DEV || import.meta.env.MODE === "mock";
  if (mockAllowed && !window.__TAURI_INTERNALS__) {
    const { installMockBackend } = await import("./mock-backend");
    installMockBackend();
  }
  const root = document.getElementById("root");
  if (!root) throw new Error("index.html has no #root");
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void start();
