/**
 * The shell side of the hook-tool server (tool-server-protocol.ts): the functions the generated
 * dispatch defines, and the lines around the Node command that starts a hook from the snapshot.
 * Only the build imports this module; a charm's bundle never carries it.
 */
import { DISPATCH_GUARD_VARIABLE } from "../charm/dispatch-guard.js";
import { EXIT_MARKER, NO_TOOL_MESSAGE, TOOL_FUNCTION, TOOL_SERVER_VARIABLE } from "./tool-server-protocol.js";

/** The server function's name. */
const SERVE_FUNCTION = "ops_ts_serve_hook_tools";

/**
 * The two functions, POSIX sh (dash and bash). The server reads requests with `read`, which
 * takes a byte at a time from a FIFO (why requests are kept short: tool-server.ts), and runs
 * until the dispatch stops it once Node has exited.
 *
 * It makes its FIFOs itself, in the background: `mkfifo` is a process (about 2.5 ms here), and
 * Node restores its heap for far longer before it looks for them. It opens both read-write, which
 * never waits; at the first request (Node has its ends open then) it reopens the answers' FIFO
 * write-only, so that a tool writing to it after Node has died gets SIGPIPE, as it would with
 * Node's own pipe, and the requests' FIFO read-only, so that it ends by itself when Node's end
 * closes, even if the dispatch is gone. Otherwise `kill` (TERM) ends it, after a running
 * `mkfifo` or tool; on the way out it removes whatever names Node did not take.
 */
export const TOOL_SERVER_FUNCTIONS = `# Hook tools of a hook from the snapshot are started by this shell, which Node asks through
# two FIFOs: Node forks its whole heap for every process it starts, a shell forks far less
# (lib/ops/hooktools/tool-server-protocol.ts of charm-data-interfaces). Without them, Node
# starts its tools itself.
${TOOL_FUNCTION}() {
  if command -v "$1" >/dev/null 2>&1; then ${DISPATCH_GUARD_VARIABLE}=1 "$@"; else echo "${NO_TOOL_MESSAGE} $1" >&2; return 127; fi
}
${SERVE_FUNCTION}() {
  t=$1 w=
  trap exit TERM PIPE
  trap 'if [ -p "$t.in" ] || [ -e "$t.err" ]; then rm -f "$t.in" "$t.out" "$t.err"; fi' EXIT
  umask 077
  mkfifo -m 600 "$t.in" "$t.out" && exec 7<>"$t.in" 8<>"$t.out" || exit
  while IFS= read -r n <&7; do
    if [ -z "$w" ] && { : >/proc/self/fd/8 </proc/self/fd/7; } 2>/dev/null; then exec 8>/proc/self/fd/8 7</proc/self/fd/7; w=1; fi
    set --
    while [ "$n" -gt 0 ] && IFS= read -r l <&7; do set -- "$@" "$l"; n=$((n - 1)); done
    IFS= read -r s <&7
    case $s in
      +*) { ${TOOL_FUNCTION} "$@" <<OPS_TS_STDIN
\${s#+}
OPS_TS_STDIN
        } 2>"$t.err" >&8 7<&- 8>&- ;;
      *) { ${TOOL_FUNCTION} "$@"; } </dev/null 2>"$t.err" >&8 7<&- 8>&- ;;
    esac
    printf '\\0${EXIT_MARKER}%s\\n' "$?" >&8
  done
}
`;

/**
 * Lines that run `nodeCommand` (one shell command, no newline) with the server beside it and
 * leave its exit code in `rc`, each indented by `indent`. The server's standard streams are
 * replaced with `exec`, not redirected on the call, which dash keeps copies of: Juju waits for
 * every holder of a hook's output to end. Node takes the server only if it finds both FIFOs
 * open when it starts (tool-server.ts).
 */
export function withToolServer(nodeCommand: string, indent: string): string {
  return [
    `TOOLS=.ops-ts-hook-tools.$$`,
    `(exec </dev/null >/dev/null 2>&1; ${SERVE_FUNCTION} "$TOOLS") &`,
    `SERVER=$!`,
    `${TOOL_SERVER_VARIABLE}=$PWD/$TOOLS ${nodeCommand}`,
    `rc=$?`,
    `kill "$SERVER" 2>/dev/null`,
  ]
    .map((line) => `${indent}${line}`)
    .join("\n");
}
