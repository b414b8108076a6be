/**
 * Reads the provider's answer on a relation: the raw fields (v0 flat bag, or our v1 response),
 * the group secrets behind them through the per-hook secret cache (G-12: every secret is read at
 * most once per hook), the resolved view (§1.5.4) and the typed response.
 *
 * Only the event decision reads with `--refresh` ({@link ProviderReader.refreshGroup}): once a
 * unit tracks the newest revision Juju sends it no secret-changed for it, so a refreshing read
 * must always be followed by the comparison that announces the change. Every other read (the
 * charm asking for `responses()`, checks, deferred events rebuilt) peeks.
 */
import { isV1Layout, parseV1Responses } from "./event-decision.js";
import { groupsToRead, resolveFields, type GroupContents } from "./field-resolution.js";
import type { RequestSpec } from "./request-config.js";
import { buildV1RequestObject, requestedSecretFields } from "./request-builder.js";
import { requestContextOf } from "./request-context.js";
import type { RelationHandle, RequirerPort, SecretRead } from "./requirer-port.js";
import type { ResponseDecoder } from "./requires-events.js";
import { secretKeyOf, secretLabel, type SecretGroup } from "./secret-groups.js";

/** The provider's side of this hook's relations, read once per hook. */
export class ProviderReader<R> {
  /** The secret fields this charm requested. */
  readonly fields: readonly string[];
  /** {@link fields} as a set (keys whose values are secret). */
  readonly secretKeys: ReadonlySet<string>;
  /** Per consumer label: what was read in this hook and whether it was a refreshing read. */
  private readonly secrets = new Map<string, { read: SecretRead; refreshed: boolean }>();

  constructor(
    private readonly spec: RequestSpec,
    private readonly port: RequirerPort,
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
    const ids = [buildV1RequestObject(this.spec, requestContextOf(this.port, rel, undefined, undefined, false))["request-id"]];
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
    if (!this.port.secretsAvailable) return undefined;
    const label = secretLabel(rel.endpoint, rel.id, group, requestId);
    const cached = this.secrets.get(label);
    if (cached !== undefined) return cached.read;
    const read = this.port.readSecret(uri === undefined ? { label } : { id: uri }, "peek");
    this.secrets.set(label, { read, refreshed: false });
    return read;
  }

  /**
   * Reads a group secret with `--refresh`, attaching this unit's consumer label (S-02, S-06);
   * at most once per hook. For the event decision only (see the module comment).
   */
  refreshGroup(rel: RelationHandle, group: SecretGroup, requestId: string | undefined, uri: string | undefined): SecretRead | undefined {
    if (!this.port.secretsAvailable) return undefined;
    const label = secretLabel(rel.endpoint, rel.id, group, requestId);
    const cached = this.secrets.get(label);
    if (cached?.refreshed === true) return cached.read;
    const read = this.port.readSecret(uri === undefined ? { label } : { id: uri, label }, "refresh");
    if ("labelTaken" in read) {
      this.port.log("WARNING", `relation ${rel.endpoint}:${rel.id}: label "${label}" is still held by the provider's previous ${secretKeyOf(group)} secret; the new one was read by its URI`);
    }
    this.secrets.set(label, { read, refreshed: true });
    return read;
  }

  /** The raw provider fields of a relation (v0 flat bag, or the flat v1 response with `database`). */
  providerFields(
    rel: RelationHandle,
    requestId: string | undefined,
    remoteApp: Readonly<Record<string, string>> = this.port.remoteAppBag(rel),
  ): { bag: Readonly<Record<string, string>>; requestId: string | undefined } {
    if (!this.speaksV1(remoteApp)) return { bag: remoteApp, requestId: undefined };
    const responses = parseV1Responses(remoteApp["requests"]);
    const id = requestId ?? this.requestIds(rel, remoteApp).find((i) => responses.has(i));
    const response = id === undefined ? undefined : responses.get(id);
    if (response === undefined) return { bag: {}, requestId: id };
    const bag: Record<string, string> = { ...response };
    if (bag["database"] === undefined && bag["resource"] !== undefined) bag["database"] = bag["resource"];
    return { bag, requestId: id };
  }

  /** The resolved view (§1.5.4) of a relation; `includeData` keeps the provider's `data`. */
  resolvedView(rel: RelationHandle, requestId?: string, includeData = false, remoteApp?: Readonly<Record<string, string>>): Record<string, string> {
    const { bag, requestId: id } = this.providerFields(rel, requestId, remoteApp);
    const contents: GroupContents = {};
    if (this.port.secretsAvailable) {
      for (const group of groupsToRead(bag, this.fields)) {
        const content = this.readGroup(rel, group, id, bag[secretKeyOf(group)]);
        if (content !== undefined) contents[group] = content;
      }
    }
    return resolveFields(bag, contents, this.fields, includeData);
  }

  /** The typed response of a relation (`remoteApp`: the provider bag when the caller already read it). */
  response(rel: RelationHandle, requestId?: string, remoteApp?: Readonly<Record<string, string>>): R {
    return this.decode(this.resolvedView(rel, requestId, false, remoteApp), `${rel.endpoint}:${rel.id}`);
  }
}
