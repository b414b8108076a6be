/**
 * Checks the provider's answer before any event carries it (layout, group secrets, values the
 * response decoder rejects), and holds back a relation's events while its answer has problems:
 * the problems are logged and remembered for this hook, nothing else is.
 */
import { SecretUri } from "../interfaces/database/field-codecs.js";
import { ProviderDataError, ProviderSecretReadError, ProviderSecretUnavailableError, SecretLabelTakenError, SecretsUnsupportedError } from "./errors.js";
import { groupsToRead } from "./field-resolution.js";
import { asProviderProblem, isTransient, layoutProblems, missingSecretFields, problemText, valueProblems } from "./provider-problems.js";
import type { ProviderReader } from "./provider-reader.js";
import type { RelationHandle, RequirerPort, SecretRead } from "./requirer-port.js";
import type { EmittedEvent, ResponseDecoder } from "./requires-events.js";
import { fieldsOfGroup, secretKeyOf, secretLabel, type SecretGroup } from "./secret-groups.js";

/** The provider-data checks of one hook, and the relations they held back. */
export class ProviderChecks<R> {
  private readonly held = new Map<number, readonly ProviderDataError[]>();

  constructor(
    private readonly port: RequirerPort,
    private readonly reader: ProviderReader<R>,
    private readonly decode: ResponseDecoder<R>,
  ) {}

  /**
   * Everything wrong with the provider's answer on `rel` (for `requestId`, or our first answered
   * v1 request): layout, unreadable or incomplete group secrets, fields the response decoder
   * rejects. Empty when the answer is usable or simply not there yet.
   */
  check(rel: RelationHandle, requestId?: string, remoteApp: Readonly<Record<string, string>> = this.port.remoteAppBag(rel)): ProviderDataError[] {
    const relation = `${rel.endpoint}:${rel.id}`;
    const layout = layoutProblems(relation, remoteApp);
    if (layout.length > 0) return layout;
    const { bag, requestId: id } = this.reader.providerFields(rel, requestId, remoteApp);
    const out: ProviderDataError[] = [];
    if (this.port.secretsAvailable) {
      for (const group of groupsToRead(bag, this.reader.fields)) {
        const key = secretKeyOf(group);
        if (!SecretUri.safeParse(bag[key]).success) {
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
      this.decode(view, relation);
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
    return readProblem(`${rel.endpoint}:${rel.id}`, secretKeyOf(group), secretLabel(rel.endpoint, rel.id, group, requestId), uri, read);
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
      this.port.log(
        transient ? "WARNING" : "ERROR",
        `${problemText(p)}; events of relation ${rel.endpoint}:${rel.id} are held ` +
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
    const required = group === "user" ? ["username", "password"] : ["entity-name"];
    if (required.some((f) => (bag[f] ?? "") === "")) out.push(new SecretsUnsupportedError(relation, key));
  }
  return out;
}
