/**
 * The first code of every bundle (esbuild's `banner`): it lets the unit's Node make the start-up
 * snapshot of charms it could not before.
 *
 * Node 20's snapshot builder runs the bundle differently from a plain start in two ways that
 * broke real charms, found with examples/webapp:
 * - It runs before V8 installs the ES2023 array methods (`toSorted`, `toReversed`, `toSpliced`,
 *   `with`; processes started from the snapshot have them). undici, Node's fetch implementation, loads
 *   `node:http`, whose module code calls `toSorted`, so touching `Response`, `Request`,
 *   `Headers`, `FormData` or `MessageEvent` at module load throws there, and the failed load
 *   still leaves an HTTP parser handle that Node cannot save. `pg` (8.x, lib/stream.js) builds a
 *   `new Response(...)` when it loads, to tell Cloudflare Workers from Node: every charm that
 *   imports `pg` got no snapshot and started each hook plainly.
 * - Its wrapper gives the script `require`, `__filename` and `__dirname` but no `module`, and an
 *   entry point that exports anything (a charm class exported for its tests, say) is bundled
 *   with `module.exports = ...`, which then throws.
 * So while a snapshot is being made, the prelude takes those five lazy globals off `globalThis`
 * (`typeof Response` is then "undefined", as on a runtime without fetch: pg takes its Node path)
 * and gives the script a `module`; just before the heap is saved it puts Node's own lazy
 * definitions back and removes `module`, so hooks started from the snapshot see what a plain
 * start sees. A plain start, a test or the harness never runs that branch.
 * test/cli/snapshot-builder-prelude.test.ts runs it for real.
 *
 * Node 22 and later expose the five as V8 lazy data properties instead of accessors: any look at
 * one, its descriptor included, loads undici, which fails in their builders too (22: no
 * `WebAssembly` there; 24: the HTTP parser handle Node cannot save, a crash). Reading the
 * descriptors to hide them broke the snapshot of every charm there, so from Node 22 the prelude
 * leaves them alone: a charm that touches them at module load gets no snapshot on those Nodes,
 * and the build's snapshot check and the unit's `charm.js.snapshot.failed` say so. Seen on Node
 * 22.23.5, 24.22.3 and 26.12.1. `pg` 8.13 and later do not touch them there (they ask
 * `navigator.userAgent` first, which those Nodes define); `pg` before 8.13 did.
 *
 * The builder's `require` loads only Node's own modules, and a process started from the snapshot
 * keeps it: a load whose name the charm computes at run time (`require(join(__dirname,
 * "data.json"))`, or an `import(name)`, which the build writes as `require(name)`) answered
 * "Cannot find module" in every hook from the snapshot, though it works in a plain start and in
 * tests. So once the snapshot is restored, the prelude gives the bundle the `require` a plain
 * start has, one of `charm.js` itself (`createRequire(__filename)`); the snapshot is only ever
 * restored for the very file it was made from, at the same path (startup-snapshot.ts). Seen on
 * Node 20.20.2, 22.23.5, 24.22.3 and 26.12.1 (test/cli/build-dynamic-import.test.ts).
 */

/**
 * Node's lazily loaded fetch interfaces (lib/internal/bootstrap/web/exposed-window-or-worker.js,
 * `exposeLazyInterfaces(globalThis, 'internal/deps/undici/undici', [...])`). `fetch` itself is an
 * ordinary function that loads undici only when called, so it stays.
 */
export const LAZY_FETCH_GLOBALS = ["FormData", "Headers", "Request", "Response", "MessageEvent"] as const;

/** The prelude's source; `bundleCharm` minifies it when it minifies the bundle. */
export const SNAPSHOT_BUILDER_PRELUDE = `{
  const { startupSnapshot } = require("node:v8");
  if (startupSnapshot?.isBuildingSnapshot()) {
    const hidden = +process.versions.node.split(".")[0] >= 22 ? [] : ${JSON.stringify(LAZY_FETCH_GLOBALS)}.flatMap((name) => {
      const own = Object.getOwnPropertyDescriptor(globalThis, name);
      return own?.get && own.configurable && delete globalThis[name] ? [[name, own]] : [];
    });
    const lent = typeof module === "undefined" && (globalThis.module = { exports: {} });
    startupSnapshot.addSerializeCallback(() => {
      hidden.forEach(([name, own]) => Object.defineProperty(globalThis, name, own));
      if (lent) delete globalThis.module;
    });
    startupSnapshot.addDeserializeCallback(() => {
      // Should it fail, the builder's require stays, as before.
      try {
        require = require("node:module").createRequire(__filename);
      } catch {}
    });
  }
}
`;
