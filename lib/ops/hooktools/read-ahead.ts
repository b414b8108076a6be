/**
 * Reads started before the charm is built. A hook from the start-up snapshot spends its first
 * 1-2 ms parsing its context, checking the metadata and building the charm before it asks Juju
 * anything; a read the hook makes for sure can run in the tool server meanwhile. A library
 * declares such a read when its module loads (so the declaration is in the snapshot), for hooks
 * of one kind on endpoints of one interface; `main()` sends it when it claims the server, and the
 * runner answers the charm's own call with it (tool-server.ts). Reads only, of tools and flags
 * every Juju this runtime supports has (2.9 and later; test/ops/read-ahead.test.ts checks the
 * version table): a read nobody asks for changes nothing.
 */
import type { CharmMetadata } from "../charm-metadata.js";
import { IS_LEADER } from "./leader.js";
import { relationGetArgv } from "./relation.js";

/** A hook-tool read: the tool and its arguments, exactly as lib/ops's own call gives them. */
export interface SureRead {
  readonly cmd: string;
  readonly argv: readonly string[];
}

/** The hook's environment, which says what a read reads (its relation, its remote application). */
type HookEnv = Readonly<Record<string, string | undefined>>;

/**
 * The reads a library may declare, by what they read (lib/ops alone names hook tools), each the
 * command line of the hook `env` describes, or none when the environment does not name it.
 */
export const SURE_READS = {
  leadership: (): SureRead => IS_LEADER,
  remoteAppBag: (env: HookEnv): SureRead | undefined => {
    const app = env["JUJU_REMOTE_APP"];
    return app ? { cmd: "relation-get", argv: relationGetArgv(env["JUJU_RELATION_ID"] ?? "", app, true) } : undefined;
  },
} satisfies Record<string, (env: HookEnv) => SureRead | undefined>;

/**
 * What a library can declare it reads for sure: `leadership` is `unit.isLeader()`,
 * `remoteAppBag` the hook's remote application's bag (`relation.data.get(relation.app)`).
 */
export type SureReadName = keyof typeof SURE_READS;

const declared: { readonly interfaceName: string; readonly hook: string; readonly read: SureReadName }[] = [];

/**
 * Declares that a library reads `read` in every `<endpoint>-<hook>` hook (`hook` e.g.
 * `relation-created`) of the endpoints whose interface is `interfaceName`.
 */
export function declareSureRead(interfaceName: string, hook: string, read: SureReadName): void {
  declared.push({ interfaceName, hook, read });
}

/** The declared reads of the hook `env` describes, by its endpoint's interface in `metadata`. */
export function sureReadsOf(env: HookEnv, metadata: CharmMetadata | undefined): SureRead[] {
  const endpoint = env["JUJU_RELATION"] ?? "";
  const face = metadata?.endpoints[endpoint]?.interface;
  return declared.filter((d) => d.interfaceName === face && env["JUJU_DISPATCH_PATH"] === `hooks/${endpoint}-${d.hook}`).flatMap((d) => SURE_READS[d.read](env) ?? []);
}
