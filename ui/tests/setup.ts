// Vitest setup: unmount components between tests, and give jsdom the ResizeObserver it lacks
// (Svelte's bind:clientHeight uses one; jsdom has no layout, so it never fires).
import { cleanup } from '@testing-library/svelte';
import { afterEach } from 'vitest';

afterEach(() => cleanup());

globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as unknown as typeof ResizeObserver;
