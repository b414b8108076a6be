import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";

const root = resolve(__dirname, "../..");

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : name.endsWith(".ts") ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map(
    (m) => (m[1] ?? m[2]) as string,
  );
}

describe("layering", () => {
  test("lib/ops imports nothing outside lib/ops except node: builtins, zod and yaml", () => {
    const opsDir = join(root, "lib/ops");
    const offending: string[] = [];
    for (const file of tsFiles(opsDir)) {
      for (const spec of imports(file)) {
        if (spec.startsWith(".")) {
          const target = resolve(dirname(file), spec);
          if (relative(opsDir, target).startsWith("..")) offending.push(`${relative(root, file)} -> ${spec}`);
        } else if (!(spec.startsWith("node:") || spec === "zod" || spec.startsWith("zod/") || spec === "yaml")) {
          offending.push(`${relative(root, file)} -> ${spec}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });
});
