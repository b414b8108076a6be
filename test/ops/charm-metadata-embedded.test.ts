// lib/ops/charm-metadata.ts: metadata embedded at build time (charmMetadataForBundle →
// embeddedCharmMetadata / loadCharmMetadata), no YAML parsing on that path, and no stale metadata.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  charmMetadataForBundle,
  EMBEDDED_METADATA_CONSTANT,
  embeddedCharmMetadata,
  loadCharmMetadata,
  parseCharmMetadata,
} from "../../lib/ops/charm-metadata.js";
import { OpsError } from "../../lib/ops/errors.js";

const METADATA = [
  "name: shop",
  "requires:",
  "  database:",
  "    interface: postgresql_client",
  "    limit: 1",
  "provides:",
  "  metrics:",
  "    interface: prometheus_scrape",
  "    scope: container",
  "peers:",
  "  replicas:",
  "    interface: shop_peers",
  "summary: ignored by the runtime",
  "",
].join("\n");

type MetadataModule = typeof import("../../lib/ops/charm-metadata.js");

/** The metadata module loaded with a `yaml` whose parse throws: any YAML parsing fails the test. */
function withoutYaml(): MetadataModule {
  let loaded: MetadataModule | undefined;
  jest.isolateModules(() => {
    jest.doMock("yaml", () => ({
      parse: () => {
        throw new Error("yaml.parse called");
      },
    }));
    loaded = jest.requireActual<MetadataModule>("../../lib/ops/charm-metadata.js");
  });
  jest.dontMock("yaml");
  if (loaded === undefined) throw new Error("module not loaded");
  return loaded;
}

describe("charm metadata embedded at build time", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "embedded-metadata-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("the embedded form is plain JSON and yields exactly what parsing the file yields", () => {
    fs.writeFileSync(path.join(dir, "metadata.yaml"), METADATA);
    const embedded = charmMetadataForBundle(dir);
    expect(embedded.source).toBe("metadata.yaml");
    expect(embedded.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(embedded.document).not.toHaveProperty("summary");
    const roundTripped: unknown = JSON.parse(JSON.stringify(embedded));
    const fromEmbedded = embeddedCharmMetadata(roundTripped, dir);
    expect(fromEmbedded).toEqual(parseCharmMetadata(METADATA));
    expect(fromEmbedded?.endpoints["database"]).toEqual({ role: "requires", interface: "postgresql_client", limit: 1 });
    expect(fromEmbedded?.endpoints["metrics"]).toEqual({ role: "provides", interface: "prometheus_scrape", scope: "container" });
    expect(fromEmbedded?.peers).toEqual(["replicas"]);
  });

  test("metadata.yaml is preferred over charmcraft.yaml, as at run time; charmcraft.yaml alone is used", () => {
    fs.writeFileSync(path.join(dir, "charmcraft.yaml"), "name: from-charmcraft\n");
    expect(charmMetadataForBundle(dir)).toMatchObject({ source: "charmcraft.yaml", document: { name: "from-charmcraft" } });
    fs.writeFileSync(path.join(dir, "metadata.yaml"), "name: from-metadata\n");
    expect(charmMetadataForBundle(dir)).toMatchObject({ source: "metadata.yaml", document: { name: "from-metadata" } });
  });

  test("with an embedded form, loadCharmMetadata parses no YAML; without one it parses the file", () => {
    fs.writeFileSync(path.join(dir, "metadata.yaml"), METADATA);
    const embedded = charmMetadataForBundle(dir);
    const ops = withoutYaml();
    expect(ops.loadCharmMetadata(dir, embedded)).toEqual(parseCharmMetadata(METADATA));
    expect(() => ops.loadCharmMetadata(dir)).toThrow(/yaml\.parse called/);
  });

  test("the bundler-defined global constant is the default source", () => {
    fs.writeFileSync(path.join(dir, "metadata.yaml"), METADATA);
    const globals = globalThis as Record<string, unknown>;
    globals[EMBEDDED_METADATA_CONSTANT] = charmMetadataForBundle(dir);
    try {
      expect(withoutYaml().loadCharmMetadata(dir)).toEqual(parseCharmMetadata(METADATA));
    } finally {
      delete globals[EMBEDDED_METADATA_CONSTANT];
    }
    expect(loadCharmMetadata(dir)).toEqual(parseCharmMetadata(METADATA));
  });

  test("a metadata file edited after the build fails the hook with a rebuild message, not stale data", () => {
    fs.writeFileSync(path.join(dir, "metadata.yaml"), METADATA);
    const embedded = charmMetadataForBundle(dir);
    fs.writeFileSync(path.join(dir, "metadata.yaml"), METADATA.replace("limit: 1", "limit: 2"));
    expect(() => loadCharmMetadata(dir, embedded)).toThrow(OpsError);
    expect(() => loadCharmMetadata(dir, embedded)).toThrow(/^metadata\.yaml changed since the charm was built .*rebuild the charm$/);
  });

  test("once found current, the file is read again only when its identity changes: an edit that keeps size and mtime is still caught", () => {
    const file = path.join(dir, "metadata.yaml");
    fs.writeFileSync(file, METADATA);
    // A whole second, so that setting it back below restores it exactly.
    const mtime = 1_700_000_000;
    fs.utimesSync(file, mtime, mtime);
    const embedded = charmMetadataForBundle(dir);
    // The module object the library's named imports read from (the namespace import cannot be spied on).
    const reads = jest.spyOn(jest.requireActual<typeof fs>("node:fs"), "readFileSync");
    try {
      const first = loadCharmMetadata(dir, embedded);
      const readsOfFile = (): number => reads.mock.calls.filter(([p]) => p === file).length;
      expect(readsOfFile()).toBe(1);
      expect(loadCharmMetadata(dir, embedded)).toBe(first);
      expect(readsOfFile()).toBe(1);
      // Same size, mtime set back: only the change time tells, and it does.
      fs.writeFileSync(file, METADATA.replace("limit: 1", "limit: 2"));
      fs.utimesSync(file, mtime, mtime);
      expect(fs.statSync(file, { bigint: true }).mtimeNs).toBe(BigInt(mtime) * 1_000_000_000n);
      expect(() => loadCharmMetadata(dir, embedded)).toThrow(/^metadata\.yaml changed since the charm was built/);
      expect(readsOfFile()).toBe(2);
      // Put back: read and hashed again, then current.
      fs.writeFileSync(file, METADATA);
      expect(loadCharmMetadata(dir, embedded)).toEqual(first);
      expect(readsOfFile()).toBe(3);
      // Another embedded form or directory is checked in full.
      expect(loadCharmMetadata(dir, JSON.parse(JSON.stringify(embedded)))).toEqual(first);
      expect(readsOfFile()).toBe(4);
    } finally {
      reads.mockRestore();
    }
  });

  test("a packed charm without the source file (charmcraft.yaml is not shipped) uses the embedded form", () => {
    fs.writeFileSync(path.join(dir, "charmcraft.yaml"), "name: packed\nrequires:\n  db:\n    interface: mysql_client\n");
    const embedded = charmMetadataForBundle(dir);
    fs.rmSync(path.join(dir, "charmcraft.yaml"));
    expect(loadCharmMetadata(dir, embedded)).toMatchObject({ name: "packed", requires: ["db"] });
  });

  test("built without metadata: none at run time is fine, a file that appeared since is an error", () => {
    const embedded = charmMetadataForBundle(dir);
    expect(embedded).toEqual({ format: 1, source: null, sha256: null, document: null });
    expect(loadCharmMetadata(dir, embedded)).toBeUndefined();
    fs.writeFileSync(path.join(dir, "charmcraft.yaml"), "name: late\n");
    expect(() => loadCharmMetadata(dir, embedded)).toThrow(/^charmcraft\.yaml was added after the charm was built .*rebuild the charm$/);
  });

  test("a malformed embedded form or document is an OpsError, never a silent default", () => {
    expect(() => embeddedCharmMetadata({ source: "metadata.yaml" }, dir)).toThrow(/embedded in the charm's bundle \(OPS_TS_CHARM_METADATA\) is malformed; rebuild/);
    const bad = { format: 1, source: "metadata.yaml", sha256: "0".repeat(64), document: { requires: { db: { limit: -1 } } } };
    expect(() => embeddedCharmMetadata(bad, dir)).toThrow(/^metadata\.yaml \(embedded at build time\): requires\.db\.limit/);
  });

  test("invalid metadata is refused at build time with the same message as at run time", () => {
    fs.writeFileSync(path.join(dir, "metadata.yaml"), "requires: [a, b]\n");
    expect(() => charmMetadataForBundle(dir)).toThrow(OpsError);
    expect(() => charmMetadataForBundle(dir)).toThrow(/^metadata\.yaml: requires/);
    fs.writeFileSync(path.join(dir, "metadata.yaml"), "name: [unclosed\n");
    expect(() => charmMetadataForBundle(dir)).toThrow(/^metadata\.yaml: not valid YAML/);
  });
});
