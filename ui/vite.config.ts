import { sveltekit } from '@sveltejs/kit/vite';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit(), svelteTesting()],
	// `tauri dev` loads tauri.conf.json's devUrl (port 5173) and prints Rust errors in this terminal,
	// so the port is fixed and Vite keeps the screen.
	clearScreen: false,
	server: {
		port: 5173,
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
