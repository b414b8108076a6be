/**
 * Which hook tools a unit agent of a given Juju version puts on a hook's PATH.
 *
 * Juju's uniter symlinks every name of its jujuc command registry into the unit's tools
 * directory; a name that is not in the registry of that agent is simply not there, so a charm
 * calling it gets "command not found" from its shell (ENOENT for a direct exec). The rules below
 * follow the registry of each release line; docs/juju-behaviour.md lists them with their sources.
 */
import { compareJujuVersions } from "./model.js";

/** One rule: `tools` exist from `since` (inclusive) up to `until` (exclusive, when set). */
export interface ToolAvailabilityRule {
  readonly tools: readonly string[];
  /** First agent version that has the tools. */
  readonly since: string;
  /** First agent version that no longer has them. */
  readonly until?: string;
  /** Where the rule comes from (juju/juju file, release note or ops code). */
  readonly source: string;
}

const REGISTRY_29 = "juju/juju 2.9 worker/uniter/runner/jujuc/server.go (baseCommands, storageCommands, leaderCommands)";
const REGISTRY_36 = "juju/juju 3.6 worker/uniter/runner/jujuc/server.go (baseCommands, secretCommands, ...)";
const REGISTRY_40 = "juju/juju 4.0 internal/worker/uniter/runner/jujuc/server.go (leaderCommands holds only is-leader)";

/** The availability rules, oldest first. Versions before 2.9 are out of support and not modelled. */
export const TOOL_AVAILABILITY: readonly ToolAvailabilityRule[] = [
  {
    tools: [
      "action-fail", "action-get", "action-log", "action-set", "application-version-set", "close-port", "config-get",
      "credential-get", "goal-state", "is-leader", "juju-log", "juju-reboot", "network-get", "open-port", "opened-ports",
      "relation-get", "relation-ids", "relation-list", "relation-set", "resource-get", "status-get", "status-set",
      "storage-add", "storage-get", "storage-list", "unit-get",
    ],
    since: "2.9.0",
    source: `${REGISTRY_29}; still registered in ${REGISTRY_40}`,
  },
  {
    // Controller-side unit state: ops JujuVersion.has_controller_storage (>= 2.8.0).
    tools: ["state-get", "state-set", "state-delete"],
    since: "2.9.0",
    source: `${REGISTRY_29}; canonical/operator ops/jujuversion.py has_controller_storage (2.8.0)`,
  },
  {
    tools: ["leader-get", "leader-set", "add-metric", "pod-spec-get", "pod-spec-set", "k8s-spec-get", "k8s-spec-set", "k8s-raw-get", "k8s-raw-set", "payload-register", "payload-unregister", "payload-status-set"],
    since: "2.9.0",
    until: "4.0.0",
    source: `${REGISTRY_36}; absent from ${REGISTRY_40}`,
  },
  {
    // secretCommands entered the registry in 3.0; ops treats secrets as usable from 3.0.3
    // (3.0.2 renamed secret-get --update to --refresh and split out secret-info-get).
    tools: ["secret-add", "secret-get", "secret-set", "secret-remove", "secret-grant", "secret-revoke", "secret-ids", "secret-info-get"],
    since: "3.0.3",
    source: `${REGISTRY_36}; canonical/operator ops/jujuversion.py has_secrets (3.0.3)`,
  },
  {
    tools: ["relation-model-get"],
    since: "3.6.2",
    source: "juju/juju PR #18444 \"add relation-model-get hook command\", Juju 3.6.2 release notes; ops Scenario mocking.py relation_model_get (< 3.6.2 fails)",
  },
];

/** Whether an agent of `jujuVersion` has hook tool `tool` on PATH. Unknown names: no. */
export function hasHookTool(jujuVersion: string, tool: string): boolean {
  return TOOL_AVAILABILITY.some(
    (rule) =>
      rule.tools.includes(tool) &&
      compareJujuVersions(jujuVersion, rule.since) >= 0 &&
      (rule.until === undefined || compareJujuVersions(jujuVersion, rule.until) < 0),
  );
}

/** Every hook tool an agent of `jujuVersion` has, sorted. */
export function hookToolsOf(jujuVersion: string): string[] {
  const names = new Set(TOOL_AVAILABILITY.flatMap((rule) => rule.tools));
  return [...names].filter((tool) => hasHookTool(jujuVersion, tool)).sort();
}

/**
 * The Juju versions the test stand is checked against: the oldest and newest of each line in
 * support, plus the 3.6 patch releases before relation-model-get (3.6.2).
 */
export const JUJU_VERSION_MATRIX = {
  "2.9": "2.9.51",
  "3.1": "3.1.10",
  "3.4": "3.4.6",
  "3.6.0": "3.6.0",
  "3.6.1": "3.6.1",
  "3.6": "3.6.14",
  "4.0": "4.0.0",
} as const;

/** The matrix as a list, oldest first. */
export const JUJU_VERSIONS: readonly string[] = Object.values(JUJU_VERSION_MATRIX);
