/** secret-add, secret-get, secret-set, secret-info-get, secret-ids, secret-grant/revoke/remove (docs/juju-contract.md#secret-tools). */
import * as z from "zod/mini";
import "../../zod-english.js";
import type { SecretAddOptions, SecretGetOptions, SecretInfo, SecretLocator, SecretMetadata } from "../backend.js";
import { HookToolOutputError, InvalidArgumentError } from "../errors.js";
import { invokeTool, invokeToolJson, JSON_OUTPUT } from "./invoke.js";
import type { ToolRunner } from "./runner.js";
import { withSecretFiles } from "./secret-files.js";
import { defined } from "../defined.js";

const Owner = z.enum(["application", "unit"]);
const InfoEntry = z.object({
  revision: z.int(),
  label: z.optional(z.string()),
  owner: Owner,
  description: z.optional(z.string()),
  rotation: z.optional(z.string()),
  expiry: z.optional(z.string()),
  rotates: z.optional(z.string()),
});

// Output schemas built once (not per call), so a start-up snapshot keeps them warm.
const SecretContent = z.record(z.string(), z.string());
const InfoMap = z.record(z.string(), InfoEntry);
const SecretIdList = z.nullable(z.array(z.string()));

/** Juju prints bare ids (`9m4e2mr0ui3e8a215n4g`) in some places; give them the `secret:` prefix. */
export function canonicalSecretId(id: string): string {
  return id.startsWith("secret:") ? id : `secret:${id}`;
}

function metadataFlags(meta: SecretMetadata): string[] {
  return [
    ...(meta.label === undefined ? [] : ["--label", meta.label]),
    ...(meta.description === undefined ? [] : ["--description", meta.description]),
    ...(meta.expire === undefined ? [] : ["--expire", meta.expire]),
    ...(meta.rotate === undefined ? [] : ["--rotate", meta.rotate]),
  ];
}

/** `secret-add [--label L] [--description D] [--expire T] [--rotate P] --owner <o> k#file=...`; returns the new URI. */
export function secretAdd(run: ToolRunner, content: Readonly<Record<string, string>>, options: SecretAddOptions): string {
  const out = withSecretFiles(content, (args) =>
    invokeTool(run, "secret-add", [...metadataFlags(options), "--owner", options.owner, ...args]),
  );
  const id = out.trim();
  if (id === "") throw new HookToolOutputError("hook tool secret-add printed no secret URI");
  return id;
}

/** `secret-get --format=json [<uri>] [--label L] [--refresh | --peek]`. */
export function secretGet(run: ToolRunner, options: SecretGetOptions): Record<string, string> {
  if (options.id === undefined && options.label === undefined) {
    throw new InvalidArgumentError("secret-get needs a secret URI or a label");
  }
  if (options.refresh === true && options.peek === true) {
    throw new InvalidArgumentError("secret-get cannot combine refresh and peek");
  }
  const argv = [
    JSON_OUTPUT,
    ...(options.id === undefined ? [] : [options.id]),
    ...(options.label === undefined ? [] : ["--label", options.label]),
    ...(options.refresh === true ? ["--refresh"] : []),
    ...(options.peek === true ? ["--peek"] : []),
  ];
  return invokeToolJson(run, "secret-get", argv, SecretContent);
}

/** `secret-set [metadata flags] --owner application <uri> [k#file=...]`: content makes a new revision. */
export function secretSet(
  run: ToolRunner,
  id: string,
  content: Readonly<Record<string, string>> | undefined,
  metadata: SecretMetadata,
): void {
  // ops always passes --owner application; Juju parses it but ignores it for updates.
  const argv = [...metadataFlags(metadata), "--owner", "application", id];
  if (content === undefined) {
    invokeTool(run, "secret-set", argv);
    return;
  }
  withSecretFiles(content, (args) => invokeTool(run, "secret-set", [...argv, ...args]));
}

/** `secret-info-get --format=json <uri>` or `--label L` (Juju refuses both at once). */
export function secretInfoGet(run: ToolRunner, locator: SecretLocator): SecretInfo {
  let argv: string[];
  if (locator.id !== undefined) argv = [JSON_OUTPUT, locator.id];
  else if (locator.label !== undefined) argv = [JSON_OUTPUT, "--label", locator.label];
  else throw new InvalidArgumentError("secret-info-get needs a secret URI or a label");
  const out = invokeToolJson(run, "secret-info-get", argv, InfoMap);
  const entries = Object.entries(out);
  const first = entries[0];
  if (entries.length !== 1 || first === undefined) {
    throw new HookToolOutputError(`hook tool secret-info-get returned ${entries.length} entries, expected 1`);
  }
  const [bareId, info] = first;
  return {
    id: canonicalSecretId(bareId),
    revision: info.revision,
    owner: info.owner,
    ...(info.label === undefined || info.label === "" ? {} : { label: info.label }),
    ...defined({ description: info.description, rotation: info.rotation, expiry: info.expiry, rotates: info.rotates }),
  };
}

/** `secret-ids --format=json`: owned secret URIs (`null` means none). */
export function secretIds(run: ToolRunner): string[] {
  return (invokeToolJson(run, "secret-ids", [JSON_OUTPUT], SecretIdList) ?? []).map(canonicalSecretId);
}

/** `secret-grant --relation <int> [--unit <unit>] <uri>`. */
export function secretGrant(run: ToolRunner, id: string, relationId: number, unit?: string): void {
  invokeTool(run, "secret-grant", ["--relation", String(relationId), ...(unit === undefined ? [] : ["--unit", unit]), id]);
}

/** `secret-revoke --relation <int> [--unit <unit>] <uri>`. */
export function secretRevoke(run: ToolRunner, id: string, relationId: number, unit?: string): void {
  invokeTool(run, "secret-revoke", ["--relation", String(relationId), ...(unit === undefined ? [] : ["--unit", unit]), id]);
}

/** `secret-remove <uri> [--revision N]`. */
export function secretRemove(run: ToolRunner, id: string, revision?: number): void {
  invokeTool(run, "secret-remove", [id, ...(revision === undefined ? [] : ["--revision", String(revision)])]);
}
