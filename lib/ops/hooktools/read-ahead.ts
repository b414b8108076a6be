/**
 * Reads started before the charm is built. A hook from the start-up snapshot spends its first
 * 1-2 ms parsing its context, checking the metadata and building the charm before it asks Juju
 * anything; a read the hook makes for sure can run in the tool server meanwhile. A library
 * declares such a read when its module loads (so the declaration is in the snapshot), for hooks
 * of one kind on endpoints of one interface; `main()` sends it when it claims the server, and the
 * runner answers the charm's own call with it (tool-server.ts). Reads only, of tools every Juju
 * this runtime supports has (test/ops/read-ahead.test.ts checks the version table): a read nobody
 * asks for changes nothing.
 */
import type { CharmMetadata } from "../charm-metadata.js";
import { IS_LEADER } from "./leader.js";

/** A hook-tool read: the tool and its arguments, exactly as lib/ops's own call gives them. */
export interface SureRead {
  readonly cmd: string;
  readonly argv: readonly string[];
}

/** The reads a library may declare, by what they read (lib/ops alone names hook tools). */
export const SURE_READS = { leadership: IS_LEADER } satisfies Record<string, SureRead>;

/** What a library can declare it reads for sure: `leadership` is `unit.isLeader()`. */
export type SureReadName = keyof typeof SURE_READS;

const declared: { readonly interfaceName: string; readonly hook: string; readonly read: SureRead }[] = [];

/**
 * Declares that a library reads `read` in every `<endpoint>-<hook>` hook (`hook` e.g.
 * `relation-created`) of the endpoints whose interface is `interfaceName`.
 */
export function declareSureRead(interfaceName: string, hook: string, read: SureReadName): void {
  declared.push({ interfaceName, hook, read: SURE_READS[read] });
}

/** The declared reads of the hook `env` describes, by its endpoint's interface in `metadata`. */
export function sureReadsOf(env: Readonly<Record<string, string | undefined>>, metadata: CharmMetadata | undefined): SureRead[] {
  const endpoint = env["JUJU_RELATION"] ?? "";
  const face = metadata?.endpoints[endpoint]?.interface;
  return declared.filter((d) => d.interfaceName === face && env["JUJU_DISPATCH_PATH"] === `hooks/${endpoint}-${d.hook}`).map((d) => d.read);
}
