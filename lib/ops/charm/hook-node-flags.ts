/**
 * The V8 flags of every Node process the generated dispatch starts for a hook (the plain start,
 * the process that makes the start-up snapshot, the one that relabels it and every start from
 * it: Node 20 refuses a snapshot made with other V8 flags).
 *
 * `--no-sparkplug`: V8's baseline compiler compiles a function to machine code once it has run
 * a little, on the main thread, in new executable pages. A hook lives for a few hundred
 * milliseconds and its functions do not run long enough to repay that: measured side by side
 * (bench/NOTES.md), the credentials hook took about 6 ms less without it. Optimizing tiers
 * (Maglev, TurboFan) and WebAssembly are untouched, so long-running or hot code is still
 * compiled, and `fetch` (whose HTTP parser is WebAssembly) works; `--jitless` would break it.
 */
export const HOOK_NODE_FLAGS: readonly string[] = ["--no-sparkplug"];
