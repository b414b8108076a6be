/**
 * The provider's answer: secret groups and consumer labels, the resolved view (databag fields
 * with the group secrets filled in), the provider's statuses, the v1 layout, reading it all once
 * per hook ({@link ProviderReader}) and checking it before any event carries it
 * ({@link ProviderChecks}).
 */
import { fieldsOfGroup, secretKeyOf, secretLabel, type SecretGroup } from "../interfaces/database/secret-groups.js";
import { groupsToRead, requirerView, type GroupContents } from "../interfaces/database/resolved-view.js";
import { DatabagError } from "../interfaces/database/databag-error.js";
import { isSecretUri } from "../interfaces/database/field-codecs.js";
import { valueLimitProblems } from "../interfaces/database/value-limits.js";
import { isV1Layout, parseV1Responses, readV1Responses, withV0ResourceKey, type ResponseFieldProblem } from "../interfaces/v1/response.js";
import { parseJsonText } from "../interfaces/database/json-text.js";
import { readStatusList, statusChanges, type RelationStatus } from "../interfaces/database/status.js";
import type { RelationHandle, EndpointModel, SecretRead } from "./endpoint-model.js";
import type { RequestSpec } from "./options.js";
import type { ResponseDecoder, EmittedEvent } from "./events.js";
import { ProviderDataError, ProviderSecretReadError, ProviderSecretUnavailableError, SecretLabelTakenError, SecretsUnsupportedError } from "./errors.js";
import { buildV1RequestObject, requestedSecretFields, requestContextOf } from "./request.js";
import { formatRelationRef } from "../ops/index.js";

// ---- provider status ---------------------------------------------------------------------------

/** One active provider condition (the interface model's `RelationStatus`). */
export type ProviderStatus = Readonly<RelationStatus>;

export { statusChanges };

/** Parses the raw `status` value with the interface model (undefined = no statuses); a bad value is a {@link ProviderDataError} naming `relation`. */
export function parseStatuses(raw: string | undefined, relation: string): ProviderStatus[] {
  const read = readStatusList(raw);
  if (!read.ok) throw new ProviderDataError(relation, "status", read.problem);
  return [...read.value];
}

// ---- provider problems -------------------------------------------------------------------------

/**
 * Checks of a provider's answer that do not depend on secret contents, and the text forms the
 * engine logs and offers as a unit status. Every problem is a {@link ProviderDataError} naming
 * the relation and the provider field; no message quotes a value that could hold a credential.
 */

/** The wire-format generations this engine reads (`version` of a layout with a `requests` array). */
const KNOWN_PROTOCOLS: ReadonlySet<string> = new Set(["v0", "v1"]);

/** Longest log/status text taken from a problem (a hostile provider may send megabytes). */
export const MAX_PROBLEM_TEXT = 300;

/** Fields a secret group must carry for its content to be usable, when the charm requested them. */
export const REQUIRED_SECRET_FIELDS: Readonly<Record<string, readonly string[]>> = {
  user: ["username", "password"],
  entity: ["entity-name"],
};

/**
 * Problems of the provider's layout: an unreadable `status`, a `requests` array that is not
 * JSON, or a protocol generation this engine does not speak. Values are not quoted.
 */
export function layoutProblems(relation: string, remoteApp: Readonly<Record<string, string>>): ProviderDataError[] {
  const out: ProviderDataError[] = [];
  try {
    parseStatuses(remoteApp["status"], relation);
  } catch (e) {
    if (e instanceof ProviderDataError) out.push(e);
    else throw e;
  }
  const requests = remoteApp["requests"];
  const version = remoteApp["version"];
  if (requests !== undefined && version !== undefined && /^v\d+$/.test(version) && !KNOWN_PROTOCOLS.has(version)) {
    out.push(new ProviderDataError(relation, "version", `protocol ${version} is not supported by this library (it reads v0 and v1); upgrade the charm's data-interfaces library`));
  } else if (requests !== undefined && version === "v1" && !Array.isArray(parseJsonText(requests)?.value)) {
    out.push(new ProviderDataError(relation, "requests", "is not a JSON array of responses"));
  }
  return out;
}

/** A problem for a group secret whose content lacks a field the charm needs. */
export function missingSecretFields(relation: string, secretKey: string, group: string, content: Readonly<Record<string, string>>, requested: readonly string[]): ProviderDataError[] {
  const required = (REQUIRED_SECRET_FIELDS[group] ?? []).filter((f) => requested.includes(f));
  const missing = required.filter((f) => (content[f] ?? "") === "");
  if (missing.length === 0) return [];
  return [new ProviderDataError(relation, secretKey, `the secret's content lacks ${missing.map((f) => `"${f}"`).join(", ")}`)];
}

/**
 * The typed decode failures the engine turns into problems (anything else is a bug and is
 * rethrown): the engine's own {@link ProviderDataError} and the interface models' {@link DatabagError}.
 */
export function asProviderProblem(error: unknown, relation: string): ProviderDataError | undefined {
  if (error instanceof ProviderDataError) return error;
  if (error instanceof DatabagError) {
    const problem = new ProviderDataError(relation, error.field, error.problems.map((p) => (p.field === error.field ? p.problem : `"${p.field}": ${p.problem}`)).join("; "));
    return Object.assign(problem, { cause: error });
  }
  return undefined;
}

/** True for problems that clear by themselves (a secret granted later, a tool failing once, a label freed later). */
export function isTransient(problem: ProviderDataError): boolean {
  return problem instanceof ProviderSecretUnavailableError || problem instanceof ProviderSecretReadError || problem instanceof SecretLabelTakenError;
}

/** A problem's message made safe for one log line or status: control characters escaped, length capped. */
export function problemText(problem: Error): string {
  const escaped = problem.message.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return escaped.length <= MAX_PROBLEM_TEXT ? escaped : `${escaped.slice(0, MAX_PROBLEM_TEXT - 1)}…`;
}

/**
 * Encoding problems of a resolved provider view under the package's one value policy
 * (`valueLimitProblems`, docs/value-limits.md): control characters and oversized values.
 * The value is never quoted: it may be a credential.
 */
export function valueProblems(relation: string, view: Readonly<Record<string, string>>): ProviderDataError[] {
  return valueLimitProblems(view).map((p) => new ProviderDataError(relation, p.field, p.problem));
}

/** The bag as Juju means it: an empty value is an unset key (relation-set `key=` deletes it). */
export function withoutEmptyValues(bag: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  if (!Object.values(bag).includes("")) return bag;
  return Object.fromEntries(Object.entries(bag).filter(([, v]) => v !== ""));
}

// ---- provider reader ---------------------------------------------------------------------------

/**
 * Reads the provider's answer on a relation: the raw fields (v0 flat bag, or our v1 response),
 * the group secrets behind them through the per-hook secret cache (docs/protocol.md#g-12: every secret is read at
 * most once per hook), the resolved view (docs/protocol.md#resolving-a-field) and the typed response.
 *
 * Only the event decision reads with `--refresh` ({@link ProviderReader.refreshGroup}): once a
 * unit tracks the newest revision Juju sends it no secret-changed for it, so a refreshing read
 * must always be followed by the comparison that announces the change. Every other read (the
 * charm asking for `responses()`, checks, deferred events rebuilt) peeks.
 */

/** The provider's side of this hook's relations, read once per hook. */
export class ProviderReader<R> {
  /** The secret fields this charm requested. */
  readonly fields: readonly string[];
  /** {@link fields} as a set (keys whose values are secret). */
  readonly secretKeys: ReadonlySet<string>;
  /** Decoded views of this hook, by relation and view (see {@link decoded}). */
  private readonly decodes = new Map<string, { readonly response: R } | { readonly error: unknown }>();
  /** Per consumer label: what was read in this hook and whether it was a refreshing read. */
  private readonly secrets = new Map<string, { read: SecretRead; refreshed: boolean }>();

  constructor(
    private readonly spec: RequestSpec,
    private readonly hook: EndpointModel,
    private readonly decode: ResponseDecoder<R>,
  ) {
    this.fields = requestedSecretFields(spec);
    this.secretKeys = new Set(this.fields);
  }

  /** Whether the provider's bag is read as v1 (forced by the request, or detected under "auto"). */
  speaksV1(remoteApp: Readonly<Record<string, string>>): boolean {
    if (this.spec.protocol === "v1") return true;
    return this.spec.protocol === "auto" && isV1Layout(remoteApp);
  }

  /** Our v1 request ids: the derived one plus any response to our resource (ids minted elsewhere). */
  requestIds(rel: RelationHandle, remoteApp: Readonly<Record<string, string>>): string[] {
    const ids = [buildV1RequestObject(this.spec, requestContextOf(this.hook, rel, undefined, undefined, false))["request-id"]];
    const resource = this.spec.database ?? "";
    for (const [id, r] of parseV1Responses(remoteApp["requests"])) {
      if ((r["resource"] ?? "") === resource && !ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  /** Content of a group secret through the per-hook cache (peeking when not read yet); undefined when unreadable. */
  readGroup(rel: RelationHandle, group: SecretGroup, requestId: string | undefined, uri: string | undefined): Readonly<Record<string, string>> | undefined {
    const read = this.groupRead(rel, group, requestId, uri);
    return read !== undefined && "content" in read ? read.content : undefined;
  }

  /** The outcome of reading a group secret in this hook (peeking when not read yet); undefined without secrets. */
  groupRead(rel: RelationHandle, group: SecretGroup, requestId: string | undefined, uri: string | undefined): SecretRead | undefined {
    if (!this.hook.secretsAvailable) return undefined;
    const label = secretLabel(rel.endpoint, rel.id, group, requestId);
    const cached = this.secrets.get(label);
    if (cached !== undefined) return cached.read;
    const read = this.hook.readSecret(uri === undefined ? { label } : { id: uri }, "peek");
    this.secrets.set(label, { read, refreshed: false });
    return read;
  }

  /**
   * Reads a group secret with `--refresh`, attaching this unit's consumer label (docs/protocol.md#s-02, docs/protocol.md#s-06);
   * at most once per hook. For the event decision only (see the module comment).
   */
  refreshGroup(rel: RelationHandle, group: SecretGroup, requestId: string | undefined, uri: string | undefined): SecretRead | undefined {
    if (!this.hook.secretsAvailable) return undefined;
    const label = secretLabel(rel.endpoint, rel.id, group, requestId);
    const cached = this.secrets.get(label);
    if (cached?.refreshed === true) return cached.read;
    const read = this.hook.readSecret(uri === undefined ? { label } : { id: uri, label }, "refresh");
    if ("labelTaken" in read) {
      this.hook.log("WARNING", `relation ${formatRelationRef(rel)}: label "${label}" is still held by the provider's previous ${secretKeyOf(group)} secret; the new one was read by its URI`);
    }
    this.secrets.set(label, { read, refreshed: true });
    return read;
  }

  /**
   * The raw provider fields of a relation (v0 flat bag, or the flat v1 response with `database`),
   * and the problems the v1 response model finds in that response (none for v0).
   */
  providerFields(
    rel: RelationHandle,
    requestId: string | undefined,
    remoteApp: Readonly<Record<string, string>> = this.hook.remoteAppBag(rel),
  ): { bag: Readonly<Record<string, string>>; requestId: string | undefined; problems: readonly ResponseFieldProblem[] } {
    if (!this.speaksV1(remoteApp)) return { bag: remoteApp, requestId: undefined, problems: [] };
    const responses = readV1Responses(remoteApp["requests"]);
    const id = requestId ?? this.requestIds(rel, remoteApp).find((i) => responses.has(i));
    const response = id === undefined ? undefined : responses.get(id);
    if (response === undefined) return { bag: {}, requestId: id, problems: [] };
    return { bag: withV0ResourceKey(response.fields), requestId: id, problems: response.problems };
  }

  /** The resolved view (docs/protocol.md#resolving-a-field) of a relation; `includeData` keeps the provider's `data` (docs/protocol.md#r-04). */
  resolvedView(rel: RelationHandle, requestId?: string, includeData = false, remoteApp?: Readonly<Record<string, string>>): Record<string, string> {
    const { bag, requestId: id } = this.providerFields(rel, requestId, remoteApp);
    const contents: GroupContents = {};
    if (this.hook.secretsAvailable) {
      for (const group of groupsToRead(bag, this.fields)) {
        const content = this.readGroup(rel, group, id, bag[secretKeyOf(group)]);
        if (content !== undefined) contents[group] = content;
      }
    }
    return requirerView(bag, contents, this.fields, includeData);
  }

  /** The typed response of a relation (`remoteApp`: the provider bag when the caller already read it). */
  response(rel: RelationHandle, requestId?: string, remoteApp?: Readonly<Record<string, string>>): R {
    return this.decoded(rel, this.resolvedView(rel, requestId, false, remoteApp));
  }

  /**
   * A resolved view of `rel` decoded, once per hook: the checks before an event and the event's
   * payload (and `responses()`) share one decode of the same view. A decoder's error is kept
   * and thrown again the same way.
   */
  decoded(rel: RelationHandle, view: Readonly<Record<string, string>>): R {
    const relation = formatRelationRef(rel);
    const key = `${relation}\u0000${JSON.stringify(view)}`;
    let outcome = this.decodes.get(key);
    if (outcome === undefined) {
      try {
        outcome = { response: this.decode(view, relation) };
      } catch (error) {
        outcome = { error };
      }
      this.decodes.set(key, outcome);
    }
    if ("error" in outcome) throw outcome.error;
    return outcome.response;
  }
}

// ---- provider checks ---------------------------------------------------------------------------

/**
 * Checks the provider's answer before any event carries it (layout, group secrets, values the
 * response decoder rejects), and holds back a relation's events while its answer has problems:
 * the problems are logged and remembered for this hook, nothing else is.
 */

/** The provider-data checks of one hook, and the relations they held back. */
export class ProviderChecks<R> {
  private readonly held = new Map<number, readonly ProviderDataError[]>();

  constructor(
    private readonly hook: EndpointModel,
    private readonly reader: ProviderReader<R>,
  ) {}

  /**
   * Everything wrong with the provider's answer on `rel` (for `requestId`, or our first answered
   * v1 request): layout, unreadable or incomplete group secrets, fields the response decoder
   * rejects. Empty when the answer is usable or simply not there yet.
   */
  check(rel: RelationHandle, requestId?: string, remoteApp: Readonly<Record<string, string>> = this.hook.remoteAppBag(rel)): ProviderDataError[] {
    const relation = formatRelationRef(rel);
    const layout = layoutProblems(relation, remoteApp);
    if (layout.length > 0) return layout;
    const { bag, requestId: id, problems } = this.reader.providerFields(rel, requestId, remoteApp);
    // A value that is not even a string breaks the v1 response model whatever the engine; a
    // string's content is left to the engine's own model below (its endpoint rules may differ).
    const out: ProviderDataError[] = problems.filter((p) => p.notText).map((p) => new ProviderDataError(relation, p.field, p.problem));
    if (out.length > 0) return out;
    if (this.hook.secretsAvailable) {
      for (const group of groupsToRead(bag, this.reader.fields)) {
        const key = secretKeyOf(group);
        if (!isSecretUri(bag[key])) {
          out.push(new ProviderDataError(relation, key, "is not a Juju secret URI (secret:<id> or secret://<model-uuid>/<id>)"));
          continue;
        }
        const read = this.reader.groupRead(rel, group, id, bag[key]);
        if (read === undefined) continue;
        if ("content" in read) out.push(...missingSecretFields(relation, key, group, read.content, this.reader.fields));
        else out.push(readProblem(relation, key, secretLabel(rel.endpoint, rel.id, group, id), bag[key] ?? "", read));
      }
    } else {
      out.push(...unreadableWithoutSecrets(relation, bag, this.reader.fields));
    }
    if (out.length > 0) return out;
    const view = this.reader.resolvedView(rel, id, false, remoteApp);
    out.push(...valueProblems(relation, view));
    if (out.length > 0) return out;
    try {
      this.reader.decoded(rel, view);
    } catch (e) {
      const problem = asProviderProblem(e, relation);
      if (problem === undefined) throw e;
      out.push(problem);
    }
    return out;
  }

  /** The problem of a failed read of `group` (the engine's refreshing read), if it failed. */
  readProblem(rel: RelationHandle, group: SecretGroup, requestId: string | undefined, uri: string, read: SecretRead | undefined): ProviderDataError | undefined {
    if (read === undefined || "content" in read) return undefined;
    return readProblem(formatRelationRef(rel), secretKeyOf(group), secretLabel(rel.endpoint, rel.id, group, requestId), uri, read);
  }

  /** Problems that held back events in this hook, by relation id. */
  heldRelations(): ReadonlyMap<number, readonly ProviderDataError[]> {
    return this.held;
  }

  /** Logs the problems and emits nothing for the relation; nothing is remembered either. */
  hold(rel: RelationHandle, problems: readonly ProviderDataError[]): EmittedEvent<R>[] {
    this.held.set(rel.id, problems);
    for (const p of problems) {
      const transient = isTransient(p);
      this.hook.log(
        transient ? "WARNING" : "ERROR",
        `${problemText(p)}; events of relation ${formatRelationRef(rel)} are held ` +
          (transient ? "and re-checked on the next hooks" : "until the provider corrects its data"),
      );
    }
    return [];
  }
}

function readProblem(relation: string, key: string, label: string, uri: string, read: Extract<SecretRead, { failure: string }>): ProviderDataError {
  switch (read.failure) {
    case "not-found":
      return new ProviderSecretUnavailableError(relation, key, uri);
    case "label-taken":
      return new SecretLabelTakenError(relation, key, label, read.detail);
    case "tool-failed":
      return new ProviderSecretReadError(relation, key, read.detail);
  }
}

/**
 * Without Juju secrets (before 3.0.3) a `secret-<group>` key cannot be followed: when the plain
 * fields the charm needs are not in the databag either, that is a lasting problem (defect 5 of
 * issue 13: no creation event without the credentials it promises).
 */
function unreadableWithoutSecrets(relation: string, bag: Readonly<Record<string, string>>, fields: readonly string[]): ProviderDataError[] {
  const out: ProviderDataError[] = [];
  for (const group of ["user", "entity"] as const) {
    const key = secretKeyOf(group);
    if (bag[key] === undefined || fieldsOfGroup(group, fields).length === 0) continue;
    if ((REQUIRED_SECRET_FIELDS[group] ?? []).some((f) => (bag[f] ?? "") === "")) out.push(new SecretsUnsupportedError(relation, key));
  }
  return out;
}
