/**
 * Loads whose module name the charm's own code computes at run time: `require(name)`,
 * `import(name)`, `require(join(__dirname, "data.json"))`. esbuild cannot bundle them and says
 * nothing about them, and they fail in every hook started from the start-up snapshot, whose
 * `require` loads only Node's own modules ("Cannot find module", though the file is there), while
 * they work in a plain start and in tests (docs/startup-snapshot.md, point 5). The build names
 * them so that the charm author hears of it before a unit does.
 *
 * Only the charm's own files are read (not node_modules: a driver's optional load in a `try`,
 * such as mysql2's, is the driver's business), comments left out.
 */
import type { Plugin } from "esbuild";
import * as fs from "node:fs";
import * as path from "node:path";

/** A string literal with nothing computed in it: the one argument that gets bundled. */
const LITERAL = String.raw`(?:"[^"\\\n]*"|'[^'\\\n]*'|` + "`[^`\\\\$]*`" + ")";
// Not a method of the same name (`loader.require(x)`).
const CALL = new RegExp(String.raw`(?<![.\w$])(require|import)\s*\(\s*(?!${LITERAL}\s*[,)])`, "g");
const SOURCE = /\.[cm]?[jt]sx?$/;

/** `text` with its comments blanked (line breaks kept, so that line numbers stay right). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|(^|[^:\\])\/\/[^\n]*/g, (m, before: string | undefined) =>
    before === undefined ? m.replace(/[^\n]/g, " ") : before + " ".repeat(m.length - before.length),
  );
}

/** Each load by a computed name in `text`, as `<line>: <the call's start>`. */
export function runTimeLoadsIn(text: string): string[] {
  const code = withoutComments(text);
  const found: string[] = [];
  for (const m of code.matchAll(CALL)) {
    const line = code.slice(0, m.index).split("\n").length;
    const call = code.slice(m.index, m.index + 60).split("\n")[0]?.trim() ?? "";
    found.push(`${line}: ${call}`);
  }
  return found;
}

/** Whether esbuild's `onLoad` should read `file` for {@link runTimeLoadsIn}: the charm's own source. */
export function isCharmSource(file: string): boolean {
  return SOURCE.test(file) && !file.split(path.sep).includes("node_modules");
}

/** Each load by a computed name in the charm's own `file`, as `<file relative to root>:<line>: <call>`. */
export function runTimeLoadsOfFile(file: string, root: string): string[] {
  const relative = path.relative(root, file).split(path.sep).join("/");
  return runTimeLoadsIn(fs.readFileSync(file, "utf8")).map((found) => `${relative}:${found}`);
}

/** An esbuild plugin that adds the charm's loads by computed name to `found` as it reads each file. */
export function runTimeLoadsOfCharm(root: string, found: Set<string>): Plugin {
  return {
    name: "run-time-loads-of-charm",
    setup(build) {
      build.onLoad({ filter: SOURCE }, (args) => {
        if (args.namespace === "file" && isCharmSource(args.path)) for (const load of runTimeLoadsOfFile(args.path, root)) found.add(load);
        return undefined;
      });
    },
  };
}
