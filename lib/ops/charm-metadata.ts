/**
 * The parts of the charm's own metadata the runtime and libraries need: the declared endpoints,
 * their role (peer app databags are readable by every unit, docs/juju-contract.md#databag-access),
 * interface, `limit` and `scope`. Read once per hook; libraries read it from the framework
 * instead of parsing the file again.
 *
 * Two sources, in this order:
 * 1. **Embedded at build time.** A bundler (examples/build.ts `bundleCharm`) reads the charm's
 *    metadata.yaml (else charmcraft.yaml) with {@link charmMetadataForBundle} and defines the
 *    global constant {@link EMBEDDED_METADATA_CONSTANT} as that JSON, so the charm process needs
 *    no YAML parser (the bundle then carries a stub in place of the `yaml` package). The
 *    embedded form records the file's SHA-256: if that file is present at run time with other
 *    content (edited after the build), the hook fails with an error saying to rebuild, rather
 *    than running on stale metadata. Rebuilding after a metadata change is required, as after
 *    any code change.
 * 2. **Parsed at run time** (unbundled use: tests, the harness, `tsx`): the YAML file itself.
 */
import { fs, path } from "./builtins.js";
import { parse } from "yaml";
import * as z from "zod/mini";
import "../zod-english.js";
import { OpsError } from "./errors.js";
import { fileIdentity } from "./file-identity.js";
import { sha256 } from "./sha256.js";
import { defined } from "./defined.js";

/** One endpoint as the charm declares it. */
export interface EndpointMetadata {
  /** Where it is declared. */
  readonly role: "requires" | "provides" | "peers";
  /** The interface name, when declared. */
  readonly interface?: string;
  /** The most relations Juju allows on it, when declared. */
  readonly limit?: number;
  /** `container` for subordinate relations. */
  readonly scope?: "global" | "container";
}

/** What the runtime knows about the charm's declared endpoints. */
export interface CharmMetadata {
  /** The charm name, when declared. */
  readonly name?: string;
  /** Peer endpoints (`peers:`). */
  readonly peers: readonly string[];
  /** Requirer endpoints (`requires:`). */
  readonly requires: readonly string[];
  /** Provider endpoints (`provides:`). */
  readonly provides: readonly string[];
  /** Every declared endpoint by name. */
  readonly endpoints: Readonly<Record<string, EndpointMetadata>>;
}

const EndpointMetadataSchema = z.nullable(
  z.looseObject({
    interface: z.optional(z.string()),
    limit: z.optional(z.int().check(z.positive())),
    scope: z.optional(z.enum(["global", "container"])),
  }),
);
const Endpoints = z.optional(z.nullable(z.record(z.string(), EndpointMetadataSchema)));
const MetadataFile = z.object({ name: z.optional(z.string()), peers: Endpoints, requires: Endpoints, provides: Endpoints });

/** The metadata files the runtime reads, in order of preference. */
const METADATA_FILES = ["metadata.yaml", "charmcraft.yaml"] as const;

/**
 * Name of the global constant a bundler defines to embed the charm's metadata (the JSON of
 * {@link EmbeddedCharmMetadata}); with esbuild: `define: { [EMBEDDED_METADATA_CONSTANT]: JSON.stringify(embedded) }`.
 */
export const EMBEDDED_METADATA_CONSTANT = "OPS_TS_CHARM_METADATA";

declare const OPS_TS_CHARM_METADATA: unknown;
// `true` in bundles built by `charm-data-interfaces build` (lib/cli/build-bundle.ts), which always
// embed the metadata: there the files are never read, and esbuild drops that code.
declare const CHARM_DATA_INTERFACES_BUNDLE: true | undefined;

/** The charm's metadata as a bundler embeds it: which file it came from, its hash, and the fields the runtime reads. */
export interface EmbeddedCharmMetadata {
  /** Format version of this object. */
  readonly format: 1;
  /** The file read at build time; null when the charm directory had neither file. */
  readonly source: (typeof METADATA_FILES)[number] | null;
  /** SHA-256 (hex) of that file's bytes at build time; null with `source`. */
  readonly sha256: string | null;
  /** `name`, `requires`, `provides` and `peers` of the file, as parsed and validated at build time. */
  readonly document: unknown;
}

const Embedded = z.object({
  format: z.literal(1),
  source: z.nullable(z.enum(METADATA_FILES)),
  sha256: z.nullable(z.string().check(z.regex(/^[0-9a-f]{64}$/))),
  document: z.unknown(),
});

function sha256Of(bytes: Buffer): string {
  return sha256(bytes).toString("hex");
}

function parseYamlText(text: string, source: string): unknown {
  try {
    return parse(text) as unknown;
  } catch (e) {
    throw new OpsError(`${source}: not valid YAML (${(e as Error).message}); fix the file`);
  }
}

function validated(raw: unknown, source: string): z.infer<typeof MetadataFile> {
  const parsed = MetadataFile.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new OpsError(`${`${source}: ${issue?.path.join(".") ?? ""} ${issue?.message ?? "invalid"}`.trim()}; fix that field of the file`);
  }
  return parsed.data;
}

/** Parses metadata YAML text (metadata.yaml or charmcraft.yaml); throws OpsError naming `source`. */
export function parseCharmMetadata(text: string, source = "metadata.yaml"): CharmMetadata {
  return fromValidated(validated(parseYamlText(text, source), source));
}

function fromValidated(m: z.infer<typeof MetadataFile>): CharmMetadata {
  const endpoints: Record<string, EndpointMetadata> = {};
  for (const role of ["requires", "provides", "peers"] as const) {
    for (const [name, decl] of Object.entries(m[role] ?? {})) {
      endpoints[name] = {
        role,
        ...(decl?.interface === undefined ? {} : { interface: decl.interface }),
        ...(decl?.limit === undefined ? {} : { limit: decl.limit }),
        ...(decl?.scope === undefined ? {} : { scope: decl.scope }),
      };
    }
  }
  return {
    ...defined({ name: m.name }),
    peers: Object.keys(m.peers ?? {}),
    requires: Object.keys(m.requires ?? {}),
    provides: Object.keys(m.provides ?? {}),
    endpoints,
  };
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Build time: reads `<charmDir>/metadata.yaml`, else `charmcraft.yaml`, validates it as
 * {@link parseCharmMetadata} does, and returns the form a bundler embeds.
 * @throws OpsError when the file is not valid YAML or a field is malformed (the build should fail).
 */
export function charmMetadataForBundle(charmDir: string): EmbeddedCharmMetadata {
  for (const file of METADATA_FILES) {
    const bytes = readIfPresent(path.join(charmDir, file));
    if (bytes === undefined) continue;
    const m = validated(parseYamlText(bytes.toString("utf8"), file), file);
    const document = {
      ...defined({ name: m.name }),
      ...(m.requires == null ? {} : { requires: m.requires }),
      ...(m.provides == null ? {} : { provides: m.provides }),
      ...(m.peers == null ? {} : { peers: m.peers }),
    };
    return { format: 1, source: file, sha256: sha256Of(bytes), document };
  }
  return { format: 1, source: null, sha256: null, document: null };
}

/**
 * Run time, bundled charm: the metadata embedded at build time, after checking it is not stale
 * (the file it came from, when present in `charmDir`, still has the same bytes; and when the
 * build found no file, none has appeared since).
 * @throws OpsError when `embedded` is malformed or the metadata changed since the build.
 */
export function embeddedCharmMetadata(embedded: unknown, charmDir: string): CharmMetadata | undefined {
  if (checked !== undefined && checked.embedded === embedded && checked.charmDir === charmDir && fileIdentity(checked.file) === checked.identity) return checked.metadata;
  const parsed = Embedded.safeParse(embedded);
  if (!parsed.success) {
    throw new OpsError(`the metadata embedded in the charm's bundle (${EMBEDDED_METADATA_CONSTANT}) is malformed; rebuild the charm`);
  }
  const { source, sha256, document } = parsed.data;
  if (source === null) {
    const appeared = METADATA_FILES.find((file) => fs.existsSync(path.join(charmDir, file)));
    if (appeared !== undefined) {
      throw new OpsError(`${appeared} was added after the charm was built (the bundle was built without metadata); rebuild the charm`);
    }
    return undefined;
  }
  const file = path.join(charmDir, source);
  // Taken before the file is read: a change made after the read shows in the next stat.
  const identity = fileIdentity(file);
  const now = readIfPresent(file);
  if (now !== undefined && sha256Of(now) !== sha256) {
    throw new OpsError(`${source} changed since the charm was built (the bundle carries the metadata of the build); rebuild the charm`);
  }
  const metadata = fromValidated(validated(document, `${source} (embedded at build time)`));
  checked = { embedded, charmDir, file, identity, metadata };
  return metadata;
}

/**
 * The last embedded form found current, with the identity of its file then. The rehearsal
 * (charm/rehearsal.ts) checks it while the start-up snapshot is made, so a hook restored from
 * the snapshot reads and hashes the file only when its identity (file-identity.ts) has changed:
 * one stat instead, 0.5 ms less a hook on the benchmark's machine.
 */
let checked: { readonly embedded: unknown; readonly charmDir: string; readonly file: string; readonly identity: string | undefined; readonly metadata: CharmMetadata } | undefined;

/**
 * The metadata last found current, without checking it again: in a hook from the snapshot, the
 * rehearsal's. For hints only (read-ahead.ts), before the hook's own check.
 */
export function lastCheckedMetadata(): CharmMetadata | undefined {
  return checked?.metadata;
}

/** The constant a bundler defined, or undefined when running unbundled. */
function definedAtBuildTime(): unknown {
  return typeof OPS_TS_CHARM_METADATA === "undefined" ? undefined : OPS_TS_CHARM_METADATA;
}

/**
 * The charm's metadata: the form embedded at build time when the bundle has one
 * ({@link embeddedCharmMetadata}; no YAML parsing), else `<charmDir>/metadata.yaml`, else
 * `<charmDir>/charmcraft.yaml` parsed now; undefined when there is none.
 * @param embedded the embedded form; default: the bundler-defined constant, if any.
 */
export function loadCharmMetadata(charmDir: string, embedded: unknown = definedAtBuildTime()): CharmMetadata | undefined {
  if (embedded !== undefined) return embeddedCharmMetadata(embedded, charmDir);
  // A branch, not an early return: esbuild drops a branch it folds to false with all it
  // references (the YAML parsing, 400 bytes), but keeps what follows a folded `return`.
  if (typeof CHARM_DATA_INTERFACES_BUNDLE === "undefined") {
    for (const file of METADATA_FILES) {
      const bytes = readIfPresent(path.join(charmDir, file));
      if (bytes !== undefined) return parseCharmMetadata(bytes.toString("utf8"), file);
    }
  }
  return undefined;
}
