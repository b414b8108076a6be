/**
 * The hook names that carry an endpoint, container or storage name, or a secret event: one copy
 * for the context parser (context.ts) and the hook-kind classifier (charm/hook-kinds.ts). None is
 * global (`g`), so `exec` keeps no state between calls.
 */
export const RELATION_HOOK = /^(.+)-relation-(created|joined|changed|departed|broken)$/;
export const WORKLOAD_HOOK = /^(.+)-pebble-(ready|custom-notice|check-failed|check-recovered)$/;
export const STORAGE_HOOK = /^(.+)-storage-(attached|detaching)$/;
export const SECRET_HOOK = /^secret-(changed|rotate|expired|remove)$/;
