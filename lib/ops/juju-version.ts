import { InvalidArgumentError } from "./errors.js";
import { hasHookTool } from "./hook-tool-versions.js";

// major.minor, then either .patch or -<tag><patch>, then an optional .build: "3.6.14", "2.9-beta1", "3.6.14.1".
const VERSION_PATTERN = /^(\d{1,9})\.(\d{1,9})(?:(?:\.|-([a-z]+))(\d{1,9}))?(?:\.(\d{1,9}))?$/;

/** A Juju agent version (`JUJU_VERSION`), comparable, with feature checks. */
export class JujuVersion {
  /** Major version. */
  readonly major: number;
  /** Minor version. */
  readonly minor: number;
  /** Patch (or pre-release) number; 0 when absent. */
  readonly patch: number;
  /** Pre-release tag such as `beta` (in `2.9-beta1`); empty for releases. */
  readonly tag: string;
  /** Build number (fourth component); 0 when absent. */
  readonly build: number;

  /** Parses `3.6.14`, `2.9.44`, `2.9-beta1`, `3.6.14.1`; throws InvalidArgumentError otherwise. */
  constructor(text: string) {
    const m = VERSION_PATTERN.exec(text);
    if (m === null) {
      throw new InvalidArgumentError(`"${text}" is not a Juju version (expected e.g. 3.6.14 or 2.9-beta1)`);
    }
    this.major = Number(m[1]);
    this.minor = Number(m[2]);
    this.tag = m[3] ?? "";
    this.patch = m[4] === undefined ? 0 : Number(m[4]);
    this.build = m[5] === undefined ? 0 : Number(m[5]);
  }

  /** Negative, zero or positive as this version is older than, equal to or newer than `other`. */
  compare(other: JujuVersion | string): number {
    const o = typeof other === "string" ? new JujuVersion(other) : other;
    if (this.major !== o.major) return this.major - o.major;
    if (this.minor !== o.minor) return this.minor - o.minor;
    if (this.tag !== o.tag) {
      // A release (no tag) is newer than any pre-release of the same major.minor.
      if (this.tag === "") return 1;
      if (o.tag === "") return -1;
      return this.tag < o.tag ? -1 : 1;
    }
    if (this.patch !== o.patch) return this.patch - o.patch;
    return this.build - o.build;
  }

  /** True when this version is at least `other`. */
  isAtLeast(other: JujuVersion | string): boolean {
    return this.compare(other) >= 0;
  }

  /**
   * Whether this version has hook tool `tool` (and, when given, its flag `flag`, e.g.
   * `hasTool("relation-list", "--app")`), from the table in hook-tool-versions.ts. Tools the table
   * does not know count as present.
   */
  hasTool(tool: string, flag?: string): boolean {
    return hasHookTool(this, tool, flag);
  }

  /** Juju secrets are usable (the secret-* tools, >= 3.0.3); same as `hasTool("secret-get")`. */
  get hasSecrets(): boolean {
    return this.hasTool("secret-get");
  }

  /** `relation-model-get` exists (>= 3.6.2); same as `hasTool("relation-model-get")`. */
  get hasRelationModelGet(): boolean {
    return this.hasTool("relation-model-get");
  }

  /** The canonical text form. */
  toString(): string {
    const core = this.tag === "" ? `${this.major}.${this.minor}.${this.patch}` : `${this.major}.${this.minor}-${this.tag}${this.patch}`;
    return this.build === 0 ? core : `${core}.${this.build}`;
  }
}
