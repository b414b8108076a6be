/**
 * The first code of every bundle: it keeps a charm's module code from loading Node's fetch
 * implementation (undici) while the unit's Node makes the start-up snapshot.
 *
 * Node 20's snapshot builder runs before V8 installs the ES2023 array methods (`toSorted`,
 * `toReversed`, `with`; processes started from the snapshot have them). undici loads `node:http`,
 * whose module code calls `toSorted`, so touching `Response`, `Request`, `Headers`, `FormData` or
 * `MessageEvent` at module load throws there, and a failed require still leaves an HTTP parser
 * handle that Node cannot serialize. `pg` (8.x, lib/stream.js) does exactly that at load: it
 * builds a `new Response(...)` to tell Cloudflare Workers from Node. So every charm importing
 * `pg` got no snapshot at all and started each hook plainly.
 *
 * While a snapshot is being made, the prelude takes those five lazy globals off `globalThis`
 * (`typeof Response` is then "undefined", as on a runtime without fetch: pg takes its Node path)
 * and puts Node's own lazy definitions back just before the heap is saved, so hooks started from
 * the snapshot have them as a plain start does. A plain start, a test or the harness never
 * runs the hiding branch. It is a string because esbuild injects it into the charm's bundle;
 * test/cli/snapshot-builder-prelude.test.ts runs it for real.
 */
import type { Plugin } from "esbuild";

/** The module name (and esbuild namespace) of the prelude; `bundleCharm` injects it. */
export const SNAPSHOT_BUILDER_PRELUDE_MODULE = "charm-data-interfaces-snapshot-prelude";

/**
 * Node's lazily loaded fetch interfaces (lib/internal/bootstrap/web/exposed-window-or-worker.js,
 * `exposeLazyInterfaces(globalThis, 'internal/deps/undici/undici', [...])`). `fetch` itself is an
 * ordinary function that loads undici only when called, so it stays.
 */
export const LAZY_FETCH_GLOBALS = ["FormData", "Headers", "Request", "Response", "MessageEvent"] as const;

const PRELUDE = `import { startupSnapshot } from "node:v8";
if (startupSnapshot?.isBuildingSnapshot()) {
  const hidden = ${JSON.stringify(LAZY_FETCH_GLOBALS)}.flatMap((name) => {
    const own = Object.getOwnPropertyDescriptor(globalThis, name);
    return own?.get && own.configurable && delete globalThis[name] ? [[name, own]] : [];
  });
  startupSnapshot.addSerializeCallback(() => hidden.forEach(([name, own]) => Object.defineProperty(globalThis, name, own)));
}
`;

/** Serves {@link SNAPSHOT_BUILDER_PRELUDE_MODULE}, the module `bundleCharm` injects first. */
export const SNAPSHOT_BUILDER_PRELUDE: Plugin = {
  name: "snapshot-builder-prelude",
  setup(b) {
    b.onResolve({ filter: new RegExp(`^${SNAPSHOT_BUILDER_PRELUDE_MODULE}$`) }, (args) => ({ path: args.path, namespace: SNAPSHOT_BUILDER_PRELUDE_MODULE, sideEffects: true }));
    b.onLoad({ filter: /.*/, namespace: SNAPSHOT_BUILDER_PRELUDE_MODULE }, () => ({ contents: PRELUDE, loader: "js" }));
  },
};
