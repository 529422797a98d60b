/** Where the gateway serves its browser pages (see browser-pages.ts); the launcher prints them. */
export const EXPLORER_PATH = '/explorer';
export const DASHBOARD_PATH = '/dashboard';
