/**
 * open-port, close-port and opened-ports. Opening and closing are queued with the hook;
 * `opened-ports` shows the ports as they were when the hook started (docs/juju-contract.md#network-and-port-tools).
 */
import { FORMAT_FLAG, noMoreThan, parseArgs, ToolFailure } from "../flags.js";
import { format, formatOutput } from "../output.js";
import type { ToolContext } from "../tool-context.js";

const PORT = /^(\d{1,5})(?:-(\d{1,5}))?(?:\/(tcp|udp))?$/i;

/** Canonical `<from>[-<to>]/<proto>` or `icmp`; exit code 2 for anything else. */
function canonicalPort(spec: string): string {
  if (spec.toLowerCase() === "icmp") return "icmp";
  const m = PORT.exec(spec);
  const from = Number(m?.[1]);
  const to = m?.[2] === undefined ? from : Number(m[2]);
  if (!m || from < 1 || to > 65535 || to < from) throw new ToolFailure(`invalid port "${spec}": expected <port>[-<to>][/tcp|udp] or icmp`, 2);
  const proto = (m[3] ?? "tcp").toLowerCase();
  return from === to ? `${from}/${proto}` : `${from}-${to}/${proto}`;
}

function portTool(ctx: ToolContext, argv: readonly string[], open: boolean): string {
  const args = parseArgs(argv, [{ name: "endpoints", kind: "string" }, FORMAT_FLAG]);
  const [spec] = args.positional;
  if (spec === undefined) throw new ToolFailure("no port or range specified", 2);
  noMoreThan(args, 1);
  const port = canonicalPort(spec);
  const unit = ctx.work.units[ctx.unitName];
  if (!unit) throw new ToolFailure(`unit "${ctx.unitName}" not found`);
  const ports = unit.openedPorts ?? [];
  unit.openedPorts = open ? (ports.includes(port) ? ports : [...ports, port]) : ports.filter((p) => p !== port);
  return "";
}

/** `open-port [--endpoints E] <port>[-<to>][/<proto>] | icmp`. */
export function openPort(ctx: ToolContext, argv: readonly string[]): string {
  return portTool(ctx, argv, true);
}

/** `close-port [--endpoints E] <port>[-<to>][/<proto>] | icmp`. */
export function closePort(ctx: ToolContext, argv: readonly string[]): string {
  return portTool(ctx, argv, false);
}

/** `opened-ports [--endpoints]`: ports opened before this hook, `" (*)"` added with --endpoints. */
export function openedPorts(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, [FORMAT_FLAG, { name: "endpoints", kind: "bool" }]);
  noMoreThan(args, 0);
  const ports = ctx.live.units[ctx.unitName]?.openedPorts ?? [];
  return formatOutput(args.bools.get("endpoints") ? ports.map((p) => `${p} (*)`) : [...ports], format(args));
}
