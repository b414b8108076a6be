/**
 * Checks the provider's answer before any event carries it (layout, group secrets, values the
 * response decoder rejects), and holds back a relation's events while its answer has problems:
 * the problems are logged and remembered for this hook, nothing else is.
 */
import { SecretUri } from "../interfaces/database/field_codecs.js";
import { ProviderDataError, ProviderSecretUnavailableError } from "./errors.js";
import { groupsToRead } from "./field-resolution.js";
import { asProviderProblem, isTransient, layoutProblems, missingSecretFields, problemText, valueProblems } from "./provider-problems.js";
import type { ProviderReader } from "./provider-reader.js";
import type { RelationHandle, RequirerPort } from "./requirer-port.js";
import type { EmittedEvent, ResponseDecoder } from "./requires-events.js";
import { secretKeyOf } from "./secret-groups.js";

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
        const content = this.reader.readGroup(rel, group, id, bag[key]);
        if (content === undefined) out.push(new ProviderSecretUnavailableError(relation, key, bag[key] ?? ""));
        else out.push(...missingSecretFields(relation, key, group, content, this.reader.fields));
      }
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
