/**
 * Issue 16, point 6: the library's comments cite our own spec, not documents outside the repository.
 * - nothing in lib/ points at the old reference notes (`P-01`, `§1.5.4`, "contract §2.3",
 *   `juju-hook-contract.md`, `database-relation-protocol.md`, `shared/reference`);
 * - every `docs/….md#anchor` link in lib/ (and every relative link in docs/protocol.md and
 *   docs/juju-contract.md) names a file that exists and an anchor that file defines.
 * Requirement ids are cited as links (`docs/protocol.md#p-01`), never bare.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const REPO = path.join(__dirname, "..", "..");

function files(dir: string, exts: readonly string[]): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...files(full, exts));
    else if (exts.some((e) => entry.name.endsWith(e))) out.push(full);
  }
  return out;
}

const rel = (file: string): string => path.relative(REPO, file).split(path.sep).join("/");
const LIB_FILES = files(path.join(REPO, "lib"), [".ts", ".md"]);

/** Markdown link texts are dropped (`[L-01](…#l-01)` → `(…#l-01)`): the link itself is checked below. */
function withoutLinkTexts(line: string): string {
  return line.replace(/\[[^\]]*\]\(([^)]*)\)/g, "($1)");
}

/** What cites a document outside the repository. `RFC 7468 §2` and the like are public standards. */
const OUTSIDE_REFERENCES: readonly RegExp[] = [
  /(?<!RFC \d+ )§/,
  /(?<![#\w.-])(?<!\D\/)(?:G-V\d|[PSEAUNXRTVKJLMDG]-\d{2})(?![\w-])/,
  /juju-hook-contract|database-relation-protocol|shared\/reference/,
];

function outsideReferences(file: string): string[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .flatMap((line, i) => (OUTSIDE_REFERENCES.some((re) => re.test(withoutLinkTexts(line))) ? [`${rel(file)}:${i + 1}: ${line.trim()}`] : []));
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

const anchorCache = new Map<string, ReadonlySet<string>>();
/** Anchors a markdown file defines: heading slugs (duplicates numbered as GitHub does) and `<a id>`/`<a name>`. */
function anchorsOf(file: string): ReadonlySet<string> {
  const cached = anchorCache.get(file);
  if (cached !== undefined) return cached;
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading?.[1] !== undefined) {
      const base = slug(heading[1]);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) if (m[1] !== undefined) anchors.add(m[1]);
  }
  anchorCache.set(file, anchors);
  return anchors;
}

/** Problems with one link target `file#anchor`, resolved against `base`. */
function checkTarget(target: string, base: string, where: string): string[] {
  const [filePart = "", anchor] = target.split("#");
  const file = filePart === "" ? undefined : path.resolve(base, filePart);
  if (file !== undefined && !fs.existsSync(file)) return [`${where}: ${target}: no such file`];
  if (anchor === undefined || anchor === "") return [];
  const doc = file ?? path.join(REPO, where.split(":")[0] ?? "");
  if (!doc.endsWith(".md")) return [];
  return anchorsOf(doc).has(anchor) ? [] : [`${where}: ${target}: no such anchor in ${rel(doc)}`];
}

/** `docs/….md#anchor` in code (repository-relative) and relative markdown links in .md files. */
function brokenLinks(file: string): string[] {
  const problems: string[] = [];
  fs.readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, i) => {
      const where = `${rel(file)}:${i + 1}`;
      if (file.endsWith(".md")) {
        // Inline code (regular expressions, argv) is not a link.
        for (const m of line.replace(/`[^`]*`/g, "").matchAll(/\]\(([^)\s]+)\)/g)) {
          const target = m[1] ?? "";
          if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
          problems.push(...checkTarget(target, path.dirname(file), where));
        }
      } else {
        for (const m of line.matchAll(/\bdocs\/[\w./-]+\.md(?:#[\w-]+)?/g)) problems.push(...checkTarget(m[0], REPO, where));
      }
    });
  return problems;
}

test("lib/ cites no document outside the repository (old reference ids, §-sections, reference file names)", () => {
  const offenders = LIB_FILES.flatMap(outsideReferences);
  expect(offenders).toEqual([]);
});

test("every docs/…md#anchor link in lib/ names an existing file and anchor", () => {
  expect(LIB_FILES.flatMap(brokenLinks)).toEqual([]);
});

test("the spec documents' own links resolve (files and anchors)", () => {
  const docs = ["docs/protocol.md", "docs/juju-contract.md"].map((d) => path.join(REPO, d));
  expect(docs.flatMap(brokenLinks)).toEqual([]);
});

test("the guard catches what it is meant to catch", () => {
  const bad = ["see P-01", "(§1.5.4)", "contract §2.3", "juju-hook-contract.md", "S-03: refresh", "G-V2"];
  const fine = ["docs/protocol.md#p-01", "RFC 7468 §2", "SHA-256", "UTF-16", "[L-01](../../docs/protocol.md#l-01)", "docs/protocol.md#l-01/docs/protocol.md#l-02"];
  expect(bad.filter((l) => !OUTSIDE_REFERENCES.some((re) => re.test(withoutLinkTexts(l))))).toEqual([]);
  expect(fine.filter((l) => OUTSIDE_REFERENCES.some((re) => re.test(withoutLinkTexts(l))))).toEqual([]);
  expect(slug("Secrets (`lib/testing/juju/secret-rules.ts`, `tools/secret.ts`)")).toBe("secrets-libtestingjujusecret-rulests-toolssecretts");
  expect(slug("Verified facts (issue 14) and sources")).toBe("verified-facts-issue-14-and-sources");
  expect(checkTarget("docs/protocol.md#no-such-anchor", REPO, "x")).toHaveLength(1);
  expect(checkTarget("docs/no-such-file.md", REPO, "x")).toHaveLength(1);
  expect(checkTarget("docs/protocol.md#secret-fields", REPO, "x")).toEqual([]);
});

