// jsdom has no layout: give every element a window-sized box so the virtualised list renders
// rows, and a no-op ResizeObserver. Unmount between tests.
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// The default 1 s for findBy/waitFor is too tight when the machine is busy compiling Rust:
// a slow machine must not fail a correct UI.
configure({ asyncUtilTimeout: 5000 });

Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 800 });
Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 1200 });
Object.defineProperty(HTMLElement.prototype, "offsetHeight", { configurable: true, get: () => 800 });
Object.defineProperty(HTMLElement.prototype, "offsetWidth", { configurable: true, get: () => 1200 });

class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= NoopResizeObserver as unknown as typeof ResizeObserver;

afterEach(() => {
  cleanup();
  localStorage.clear();
});
