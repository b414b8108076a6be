/** The naming bridge between Juju wire keys (kebab-case) and TypeScript properties (camelCase). */

/** `read-only-endpoints` → `readOnlyEndpoints`. */
export function kebabToCamel(key: string): string {
  return key.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** `readOnlyEndpoints` → `read-only-endpoints`. */
export function camelToKebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
