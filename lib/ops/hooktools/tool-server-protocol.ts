/**
 * How a hook's Node process and the generated dispatch's hook-tool server talk.
 *
 * Node starts a process by forking itself (libuv uses `fork`, not `vfork`, on Linux): the copy
 * of its page tables, then a page fault for each page Node writes afterwards, cost a hook from
 * the start-up snapshot about 6 ms a call on the benchmark's machine, against about 2.5 ms for
 * a shell. So the dispatch that starts a hook from the snapshot starts a small shell function
 * beside it, which makes two FIFOs and serves them, and tells Node their path prefix in
 * {@link TOOL_SERVER_VARIABLE}:
 *
 * - `<prefix>.in`: Node writes a request: a line with the number of words, the tool's name and
 *   its arguments one to a line, then `-` for no standard input or `+` and its one line. The
 *   server runs the tool through {@link TOOL_FUNCTION} with those words as its arguments (`set
 *   --`, no `eval`: nothing in them is ever shell syntax) and the line as a here-document.
 * - `<prefix>.out`: the server writes what the tool printed on stdout, then NUL,
 *   {@link EXIT_MARKER}, its exit code and a newline (output that itself ends with that sequence
 *   at the end of a read would be cut there; hook tools print JSON or text). The tool's stderr is
 *   in `<prefix>.err`, which the server truncates for each call and Node removes when it exits.
 *   Node sends a request only after reading the answer before it, but it may do other work
 *   before reading the answer of a write whose output nobody reads (tool-server.ts).
 *
 * Node opens both FIFOs when `main()` starts and removes their names (its descriptors are
 * close-on-exec, so nothing the charm starts inherits them); dispatch stops the server once Node
 * has exited.
 * docs/startup-snapshot.md#hook-tools-started-by-the-dispatch says what it changes and when Node
 * still runs a tool itself.
 */

/**
 * The variable that carries the FIFOs' path prefix to Node (empty or unset: no server). Its
 * name is the protocol's version: the build never rewrites an existing `dispatch`, so a charm can
 * pair a dispatch of one library version with the bundle of another, and a bundle that finds no
 * server of its own version runs its tools itself. A change to the wire format takes a new name.
 */
export const TOOL_SERVER_VARIABLE = "OPS_TS_TOOL_SERVER_1";

/** What follows NUL in an answer, before the exit code. */
export const EXIT_MARKER = "ops-ts-exit:";

/** The shell function a request calls: it runs the tool found on PATH, or exits 127 saying so. */
export const TOOL_FUNCTION = "ops_ts_hook_tool";

/** The start of the stderr of a request whose tool is not on PATH (exit code 127). */
export const NO_TOOL_MESSAGE = "ops-ts: not on PATH:";
