// Client-rendered SPA: the Tauri shell serves build/index.html for every route, and data comes over
// IPC at run time, so nothing is rendered on a server or prerendered.
export const ssr = false;
export const prerender = false;
