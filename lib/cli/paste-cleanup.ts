/**
 * What users paste around the output they mean: a shell prompt with the command, the "Running
 * operation … Waiting for task N..." lines `juju run` prints before an action's result (Juju 3),
 * `...` elision lines, YAML document markers, Markdown code fences, terminal colour codes and CRLF
 * line ends. This module removes them and keeps what they tell (the unit the command ran on).
 */

/** The paste without its wrapping, and what the wrapping said. */
export interface CleanPaste {
  /** The text left to parse (YAML or JSON). */
  readonly text: string;
  /** Unit named by the pasted command or by `juju run`'s task line, e.g. `data-integrator/0`. */
  readonly unitHint: string | undefined;
  /** Short descriptions of what was removed, for the report. */
  readonly removed: readonly string[];
}

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
const FENCE = /^\s*(```|~~~)/;
const ELISION = /^\s*(\.\.\.|---|…)\s*$/;
const PROMPT = /^\s*(?:\S*[$#%>]\s+)?juju\s/;
const RUNNING = /^Running operation \d+ with \d+ tasks?\s*$/;
const TASK_LINE = /^\s*-\s+task \d+ on (unit-[a-z0-9-]+)\s*$/;
const WAITING = /^Waiting for task \d+\.\.\.\s*$/;
const UNIT_ARG = /\b([a-z][a-z0-9-]*\/(?:\d+|leader))\b/;

/** `unit-data-integrator-0` (Juju's unit tag) to `data-integrator/0`. */
export function unitFromTag(tag: string): string | undefined {
  const m = /^unit-([a-z][a-z0-9-]*)-(\d+)$/.exec(tag);
  return m === null ? undefined : `${m[1]}/${m[2]}`;
}

function note(removed: string[], what: string): void {
  if (!removed.includes(what)) removed.push(what);
}

/** Removes a common leading indentation (a fragment copied from the middle of the output). */
function dedent(lines: readonly string[]): string[] {
  const indents = lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const common = indents.length === 0 ? 0 : Math.min(...indents);
  return common === 0 ? [...lines] : lines.map((l) => l.slice(common));
}

/** With Markdown code fences (a paste from a forum post), only the fenced lines count. */
function insideFences(lines: readonly string[], removed: string[]): string[] {
  const fences = lines.filter((l) => FENCE.test(l)).length;
  if (fences === 0) return [...lines];
  note(removed, fences >= 2 ? "the text around Markdown code fences" : "a Markdown code fence");
  if (fences < 2) return lines.filter((l) => !FENCE.test(l));
  const kept: string[] = [];
  let inside = false;
  for (const line of lines) {
    if (FENCE.test(line)) inside = !inside;
    else if (inside) kept.push(line);
  }
  return kept;
}

/** Strips the wrapping from a paste. */
export function cleanPaste(raw: string): CleanPaste {
  const removed: string[] = [];
  let unitHint: string | undefined;
  const text = raw.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const plain = text.replace(ANSI, "");
  if (plain !== text) note(removed, "terminal colour codes");
  const kept: string[] = [];
  let leading = true;
  for (const line of insideFences(plain.split("\n"), removed)) {
    if (ELISION.test(line)) {
      note(removed, `"${line.trim()}" lines`);
      continue;
    }
    if (leading && PROMPT.test(line)) {
      unitHint = UNIT_ARG.exec(line)?.[1] ?? unitHint;
      note(removed, "the command line");
      continue;
    }
    if (RUNNING.test(line) || WAITING.test(line)) {
      note(removed, 'the "Running operation" preamble of juju run');
      continue;
    }
    const task = TASK_LINE.exec(line);
    if (task?.[1] !== undefined) {
      unitHint = unitFromTag(task[1]) ?? unitHint;
      continue;
    }
    if (line.trim() !== "") leading = false;
    kept.push(line);
  }
  // A unit named `x/leader` is only an alias; the output itself names the real unit.
  if (unitHint?.endsWith("/leader") === true) unitHint = undefined;
  return { text: dedent(kept).join("\n").trim(), unitHint, removed };
}
