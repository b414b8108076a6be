// Issue 15 leftover: `this.on("…")` rejects relation and action names the charm's metadata does
// not declare, when the charm gives CharmBase its metadata's type. The cases live in
// test/ops/types/typed-hook-names.ts (covered by `npm run typecheck`); this runs the compiler on
// them under jest too, and proves each `@ts-expect-error` line is an error on its own.
import { dirname, join, resolve } from "node:path";
import ts from "typescript";

const root = resolve(__dirname, "../..");
const CASES = join(root, "test/ops/types/typed-hook-names.ts");
// The same file with the markers blanked, served from memory beside the original.
const UNMARKED = join(root, "test/ops/types/typed-hook-names.unmarked.ts");
const MARKER = /^\s*\/\/ @ts-expect-error\b.*$/;

function compilerOptions(): ts.CompilerOptions {
  const configPath = join(root, "tsconfig.json");
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(configPath));
  return { ...parsed.options, noEmit: true };
}

describe("typed hook names (CharmBase<typeof METADATA, typeof ACTIONS>)", () => {
  let original: readonly ts.Diagnostic[];
  let unmarked: readonly ts.Diagnostic[];
  let markedLines: number[];

  beforeAll(() => {
    const text = ts.sys.readFile(CASES) ?? "";
    const lines = text.split("\n");
    // 0-based line numbers of the statements each marker guards.
    markedLines = lines.flatMap((line, i) => (MARKER.test(line) ? [i + 1] : []));
    const unmarkedText = lines.map((line) => (MARKER.test(line) ? "//" : line)).join("\n");
    const options = compilerOptions();
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, languageVersion, ...rest) =>
      resolve(name) === UNMARKED ? ts.createSourceFile(name, unmarkedText, languageVersion) : getSourceFile(name, languageVersion, ...rest);
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => resolve(name) === UNMARKED || fileExists(name);
    const program = ts.createProgram([CASES, UNMARKED], options, host);
    const diagnosticsOf = (file: string): readonly ts.Diagnostic[] => {
      const source = program.getSourceFile(file);
      if (source === undefined) throw new Error(`${file} is not in the program`);
      return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    };
    original = diagnosticsOf(CASES);
    unmarked = diagnosticsOf(UNMARKED);
  });

  const describeAll = (ds: readonly ts.Diagnostic[]): string[] =>
    ds.map((d) => `${d.file === undefined ? "" : d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);

  test("the cases typecheck: every allowed name is allowed, every @ts-expect-error line is an error", () => {
    expect(describeAll(original)).toEqual([]);
    expect(markedLines.length).toBeGreaterThanOrEqual(7);
  });

  test("without the markers, exactly the marked lines fail: undeclared endpoints, actions and containers, and non-hooks", () => {
    const failing = [...new Set(unmarked.map((d) => (d.file === undefined ? -1 : d.file.getLineAndCharacterOfPosition(d.start ?? 0).line)))].sort((a, b) => a - b);
    expect(failing).toEqual(markedLines);
    const messages = describeAll(unmarked).join("\n");
    expect(messages).toContain('"databse-relation-changed"');
    expect(messages).toContain('"action:bakup"');
  });
});
