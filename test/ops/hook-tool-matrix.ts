/** Renders HOOK_TOOL_VERSIONS as the markdown matrix kept in docs/design/hook-tool-versions.md. */
import { HOOK_TOOL_VERSIONS, JujuVersion, hasHookTool } from "../../lib/ops/index.js";

/** The versions in support, as the issue lists them, with the version each column is checked at. */
export const MATRIX_VERSIONS: ReadonlyArray<readonly [label: string, version: string]> = [
  ["2.9", "2.9.52"],
  ["3.1", "3.1.8"],
  ["3.4", "3.4.6"],
  ["3.6.0", "3.6.0"],
  ["3.6.1", "3.6.1"],
  ["3.6 latest", "3.6.14"],
  ["4.0", "4.0.0"],
];

/** The markdown table, one row per tool or flag. */
export function renderMatrix(): string {
  const head = `| tool | flag | since | removed in | ${MATRIX_VERSIONS.map(([l]) => l).join(" | ")} | sources |`;
  const rule = `|${" --- |".repeat(4 + MATRIX_VERSIONS.length + 1)}`;
  const rows = HOOK_TOOL_VERSIONS.map((row) => {
    const cells = MATRIX_VERSIONS.map(([, v]) => (hasHookTool(new JujuVersion(v), row.tool, row.flag) ? "yes" : "—"));
    return `| \`${row.tool}\` | ${row.flag === undefined ? "" : `\`${row.flag}\``} | ${row.since ?? "≤ 2.9"} | ${row.removedIn ?? ""} | ${cells.join(" | ")} | ${row.sources.join(", ")} |`;
  });
  return [head, rule, ...rows].join("\n");
}
