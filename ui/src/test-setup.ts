// Adds the DOM matchers (toBeInTheDocument, toHaveAttribute, …) to vitest's expect, and removes
// the fake Tauri backend after each test so none leaks into the next.
import '@testing-library/jest-dom/vitest';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach } from 'vitest';

afterEach(() => {
	clearMocks();
});
