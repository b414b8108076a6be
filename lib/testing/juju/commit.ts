/**
 * Committing a hook: the difference between the model as the hook found it (`base`) and the
 * session's working copy (`work`) is applied to the live model, key by key, and reported so
 * the simulator can schedule the hooks that follow (relation-changed, secret-changed, ...).
 *
 * A databag key set to the value it already had is no change: Juju writes relation settings as
 * a delta, skipping every key whose new value equals the stored one, and runs no transaction
 * (so bumps no settings version, which is what wakes the remote units' relation-changed) when
 * nothing is left (juju/juju state/settings.go, `(*Settings).Write`).
 *
 * The commit is not one transaction for secrets. The uniter facade's `CommitHookChanges`
 * (apiserver/facades/agent/uniter, `commitHookChangesForOneUnit`) runs each secret step (remove,
 * create, update, grant, revoke) as a call of its own that applies what it can and returns the
 * errors of the rest; the first step that returns an error ends the commit ("TODO - do in
 * txn"), and the relation settings, applied last in one transaction, are not applied at all.
 * The hook then fails, its process having exited 0. The order differs by version
 * (`commitOrder`): on 3.x removals come first and the unit's ports and state go with the
 * relation settings; on 4.0 ports and state are written first and removals come last.
 */
import type { CommitRefusal, StatusRecord } from "./tool-context.js";
import type { ModelState, SecretState } from "./model.js";
import { compareJujuVersions, findRelation, findSecret } from "./model.js";

/** Keys of one databag that the hook set or deleted. */
export interface DatabagChange {
  /** The relation. */
  readonly relationId: number;
  /** Unit name, or application name when `app` is true. */
  readonly owner: string;
  /** Whether the application databag (else the unit's) changed. */
  readonly app: boolean;
  /** The keys written or deleted. */
  readonly keys: readonly string[];
}

/** A secret revision created or removed. */
export interface SecretRevisionChange {
  /** The secret. */
  readonly id: string;
  /** The revision. */
  readonly revision: number;
}

/** A grant made or revoked. */
export interface GrantChange {
  /** The secret. */
  readonly id: string;
  /** The relation granted on. */
  readonly relationId: number;
  /** Application or unit name. */
  readonly target: string;
  /** True for a grant, false for a revoke. */
  readonly granted: boolean;
}

/** Everything a committed hook changed. */
export interface CommitReport {
  /** Databag writes. */
  readonly databags: readonly DatabagChange[];
  /** Secrets created. */
  readonly secretsAdded: readonly string[];
  /** Secrets removed. */
  readonly secretsRemoved: readonly string[];
  /** New revisions of secrets that existed before the hook (created secrets are in `secretsAdded`). */
  readonly secretRevisions: readonly SecretRevisionChange[];
  /** Revisions removed. */
  readonly secretRevisionsRemoved: readonly SecretRevisionChange[];
  /** Secrets whose label, description, expiry or rotation changed. */
  readonly secretMetadataChanged: readonly string[];
  /** Grants and revokes. */
  readonly grants: readonly GrantChange[];
  /** Units whose tracked revision or label of a secret changed. */
  readonly secretConsumers: readonly {
    /** The secret. */
    readonly id: string;
    /** The consuming unit. */
    readonly unit: string;
  }[];
  /** Keys of the unit's controller-side state that were set or deleted. */
  readonly stateKeys: readonly string[];
  /** Status changes (already applied immediately when made). */
  readonly statuses: readonly StatusRecord[];
  /** Leader-settings keys written (already applied immediately; non-leaders get leader-settings-changed). */
  readonly leaderSettingsKeys: readonly string[];
  /** Ports the unit opened and closed. */
  readonly ports: {
    /** Ports opened. */
    readonly opened: readonly string[];
    /** Ports closed. */
    readonly closed: readonly string[];
  };
  /**
   * Why the controller refused the commit (e.g. `updating secrets: permission denied`): the hook
   * failed although its process succeeded. Only the steps before the refused one, and the valid
   * part of that one, were applied (and are reported above).
   */
  readonly failure?: string;
}

/** The uniter's annotation of each secret step's error. */
const STEP_TEXT: Readonly<Record<SecretStep, string>> = {
  remove: "removing secrets",
  create: "creating secrets",
  update: "updating secrets",
  grant: "granting secrets access",
  revoke: "revoking secrets access",
};

function changedKeys(before: Readonly<Record<string, string>> | undefined, after: Readonly<Record<string, string>> | undefined): string[] {
  const b = before ?? {};
  const a = after ?? {};
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  return [...keys].filter((k) => b[k] !== a[k]).sort();
}

function applyKeys(target: Record<string, string>, source: Readonly<Record<string, string>>, keys: readonly string[]): void {
  for (const k of keys) {
    const v = source[k];
    if (v === undefined) delete target[k];
    else target[k] = v;
  }
}

const METADATA_FIELDS = ["label", "description", "expire", "rotate"] as const;

/** A secret step of the commit, in the uniter facade's words. */
type SecretStep = "remove" | "create" | "update" | "grant" | "revoke";

/** How a Juju version's uniter facade orders a hook's commit (see the module comment). */
interface CommitOrder {
  /** The unit's ports and state are written before the secrets (4.0), or with the relation data after them (3.x). */
  readonly unitFirst: boolean;
  /** The secret steps, in order; the first refused one ends the commit. */
  readonly secretSteps: readonly SecretStep[];
}

/**
 * Juju 3.x (apiserver/facades/agent/uniter `commitHookChangesForOneUnit` on 3.6): secret
 * removals, creations, updates, grants, revokes, then relation settings, ports and unit state in
 * one transaction. 4.0 (the same function on main): ports and unit state through their services
 * first, then creations, updates, grants, revokes and removals, then the relation settings.
 */
export function commitOrder(jujuVersion: string): CommitOrder {
  return compareJujuVersions(jujuVersion, "4.0.0") >= 0
    ? { unitFirst: true, secretSteps: ["create", "update", "grant", "revoke", "remove"] }
    : { unitFirst: false, secretSteps: ["remove", "create", "update", "grant", "revoke"] };
}

/**
 * Applies `work`'s changes relative to `base` onto `live` for `unitName`'s hook, in the order of
 * the model's Juju version and with the refusals described above, and reports them.
 */
export function commitChanges(
  base: ModelState,
  work: ModelState,
  live: ModelState,
  unitName: string,
  statuses: readonly StatusRecord[],
  leaderSettingsKeys: readonly string[],
  refused: readonly CommitRefusal[] = [],
): CommitReport {
  const report: SecretReport & { secretsAdded: string[]; secretsRemoved: string[] } = {
    secretsAdded: [],
    secretsRemoved: [],
    secretRevisions: [],
    secretRevisionsRemoved: [],
    secretMetadataChanged: [],
    grants: [],
    secretConsumers: [],
  };
  const order = commitOrder(live.jujuVersion);
  let unit: Pick<CommitReport, "stateKeys" | "ports"> = { stateKeys: [], ports: { opened: [], closed: [] } };
  const finish = (databags: readonly DatabagChange[], failure?: string): CommitReport => ({
    databags,
    ...unit,
    ...report,
    statuses: [...statuses],
    leaderSettingsKeys: [...new Set(leaderSettingsKeys)],
    ...(failure === undefined ? {} : { failure }),
  });
  const refusal = (step: SecretStep): string | undefined => {
    const messages = refused.filter((r) => r.step === step).map((r) => r.message);
    return messages.length === 0 ? undefined : `${STEP_TEXT[step]}: ${messages.join("\n")}`;
  };
  // What secret-get saved at the call is in the live model already; any rest goes with the hook.
  commitConsumers(base, work, live, report);
  if (order.unitFirst) unit = commitUnit(base, work, live, unitName);

  // A secret created in the hook gets its grants in the grant step.
  const created = work.secrets.filter((secret) => !findSecret(base, secret.id));
  const keptWhole = new Set(refused.flatMap((r) => (r.step === "remove" && r.secretId !== undefined ? [r.secretId] : [])));
  const steps: Record<SecretStep, () => void> = {
    remove: () => {
      for (const secret of base.secrets) {
        if (findSecret(work, secret.id) || keptWhole.has(secret.id)) continue;
        live.secrets = live.secrets.filter((s) => s.id !== secret.id);
        report.secretsRemoved.push(secret.id);
      }
      forEachKeptSecret(base, work, live, (before, after, target) => {
        if (!keptWhole.has(after.id)) removeRevisions(before, after, target, report);
      });
    },
    create: () => {
      for (const secret of created) {
        live.secrets.push({ ...structuredClone(secret), grants: {} });
        report.secretsAdded.push(secret.id);
      }
    },
    update: () => forEachKeptSecret(base, work, live, (before, after, target) => updateSecret(before, after, target, report)),
    grant: () => {
      forEachKeptSecret(base, work, live, (before, after, target) => changeGrants(before, after, target, report, true));
      for (const secret of created) {
        const target = findSecret(live, secret.id);
        if (target) changeGrants({ ...secret, grants: {} }, secret, target, report, true);
      }
    },
    revoke: () => forEachKeptSecret(base, work, live, (before, after, target) => changeGrants(before, after, target, report, false)),
  };
  for (const step of order.secretSteps) {
    steps[step]();
    const failure = refusal(step);
    if (failure !== undefined) return finish([], failure);
  }

  // Last: the relation settings (with, on 3.x, the unit's ports and state) in one transaction.
  const databags: DatabagChange[] = [];
  for (const rel of work.relations) {
    const before = findRelation(base, rel.id);
    const target = findRelation(live, rel.id);
    if (!before || !target) continue;
    for (const [owner, bag] of Object.entries(rel.appData)) {
      const keys = changedKeys(before.appData[owner], bag);
      if (keys.length === 0) continue;
      applyKeys((target.appData[owner] ??= {}), bag, keys);
      databags.push({ relationId: rel.id, owner, app: true, keys });
    }
    for (const [owner, bag] of Object.entries(rel.unitData)) {
      const keys = changedKeys(before.unitData[owner], bag);
      if (keys.length === 0) continue;
      applyKeys((target.unitData[owner] ??= {}), bag, keys);
      databags.push({ relationId: rel.id, owner, app: false, keys });
    }
  }
  if (!order.unitFirst) unit = commitUnit(base, work, live, unitName);
  return finish(databags);
}

/** The unit's controller-side state and its opened ports. */
function commitUnit(base: ModelState, work: ModelState, live: ModelState, unitName: string): Pick<CommitReport, "stateKeys" | "ports"> {
  const unitBefore = base.units[unitName]?.state;
  const unitAfter = work.units[unitName]?.state;
  const stateKeys = changedKeys(unitBefore, unitAfter);
  const liveUnit = live.units[unitName];
  if (liveUnit && unitAfter) applyKeys(liveUnit.state, unitAfter, stateKeys);
  const portsBefore = base.units[unitName]?.openedPorts ?? [];
  const portsAfter = work.units[unitName]?.openedPorts ?? [];
  const opened = portsAfter.filter((p) => !portsBefore.includes(p));
  const closed = portsBefore.filter((p) => !portsAfter.includes(p));
  if (liveUnit && (opened.length > 0 || closed.length > 0)) {
    const current = (liveUnit.openedPorts ?? []).filter((p) => !closed.includes(p));
    liveUnit.openedPorts = [...current, ...opened.filter((p) => !current.includes(p))];
  }
  return { stateKeys, ports: { opened, closed } };
}

/** Calls `apply` for each secret that existed before the hook, still exists in `work` and in `live`. */
function forEachKeptSecret(
  base: ModelState,
  work: ModelState,
  live: ModelState,
  apply: (before: SecretState, after: SecretState, target: SecretState) => void,
): void {
  for (const after of work.secrets) {
    const before = findSecret(base, after.id);
    const target = findSecret(live, after.id);
    if (before && target) apply(before, after, target);
  }
}

interface SecretReport {
  secretRevisions: SecretRevisionChange[];
  secretRevisionsRemoved: SecretRevisionChange[];
  secretMetadataChanged: string[];
  grants: GrantChange[];
  secretConsumers: { id: string; unit: string }[];
}

function removeRevisions(before: SecretState, after: SecretState, target: SecretState, report: SecretReport): void {
  for (const rev of before.revisions) {
    if (after.revisions.some((r) => r.revision === rev.revision)) continue;
    target.revisions = target.revisions.filter((r) => r.revision !== rev.revision);
    report.secretRevisionsRemoved.push({ id: after.id, revision: rev.revision });
  }
}

function updateSecret(before: SecretState, after: SecretState, target: SecretState, report: SecretReport): void {
  for (const rev of after.revisions) {
    if (before.revisions.some((r) => r.revision === rev.revision)) continue;
    target.revisions.push(structuredClone(rev));
    report.secretRevisions.push({ id: after.id, revision: rev.revision });
  }
  target.latestRevision = Math.max(target.latestRevision, after.latestRevision);
  let metadataChanged = false;
  for (const field of METADATA_FIELDS) {
    if (before[field] === after[field]) continue;
    metadataChanged = true;
    if (after[field] === undefined) delete target[field];
    else Object.assign(target, { [field]: after[field] });
  }
  if (metadataChanged) report.secretMetadataChanged.push(after.id);
}

/** Applies the grants (`granted`) or the revokes of one secret. */
function changeGrants(before: SecretState, after: SecretState, target: SecretState, report: SecretReport, granted: boolean): void {
  const relIds = new Set([...Object.keys(before.grants), ...Object.keys(after.grants)]);
  for (const relId of relIds) {
    const was = before.grants[relId] ?? [];
    const now = after.grants[relId] ?? [];
    if (granted) {
      for (const t of now.filter((x) => !was.includes(x))) {
        const list = (target.grants[relId] ??= []);
        if (!list.includes(t)) list.push(t);
        report.grants.push({ id: after.id, relationId: Number(relId), target: t, granted: true });
      }
    } else {
      for (const t of was.filter((x) => !now.includes(x))) {
        const list = (target.grants[relId] ?? []).filter((x) => x !== t);
        if (list.length > 0) target.grants[relId] = list;
        else delete target.grants[relId];
        report.grants.push({ id: after.id, relationId: Number(relId), target: t, granted: false });
      }
    }
  }
}

/** Consumer records (tracked revision, label) of kept secrets that the hook changed. */
function commitConsumers(base: ModelState, work: ModelState, live: ModelState, report: SecretReport): void {
  forEachKeptSecret(base, work, live, (before, after, target) => {
    for (const [unit, consumer] of Object.entries(after.consumers)) {
      if (JSON.stringify(before.consumers[unit]) === JSON.stringify(consumer)) continue;
      target.consumers[unit] = structuredClone(consumer);
      report.secretConsumers.push({ id: after.id, unit });
    }
  });
}
