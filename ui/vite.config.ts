import { sveltekit } from '@sveltejs/kit/vite';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit(), svelteTesting()],
	// The Tauri CLI expects a fixed port in dev and must see Rust errors, so Vite keeps the screen.
	clearScreen: false,
	server: {
		port: 1420,
		strictPort: true
	},
	test: {
		environment: 'happy-dom',
		include: ['src/**/*.test.ts'],
		setupFiles: ['src/test-setup.ts'],
		restoreMocks: true,
		benchmark: {
			include: ['src/**/*.bench.ts']
		}
	}
});
