import type { Backend, DispatchOutcome, HookContext } from "../../../lib/ops/index.js";
import { Context } from "../../../lib/testing/index.js";

export const METADATA = `
name: webapp
requires:
  database:
    interface: postgresql_client
    limit: 1
  logging:
    interface: loki_push
    scope: container
provides:
  website:
    interface: http
peers:
  cluster:
    interface: webapp_peers
`;

export const CONFIG = {
  options: {
    port: { type: "int", default: 8080 },
    name: { type: "string" },
    ratio: { type: "float" },
    debug: { type: "boolean", default: false },
    creds: { type: "secret" },
  },
};

export const ACTIONS = `
backup:
  params:
    target: { type: string }
    retries: { type: integer }
  required: [target]
untyped:
  params:
    thing: {}
`;

/** A "charm" that is just a function of the hook context and backend. */
export type FnCharm = (context: HookContext, backend: Backend) => void | Promise<void>;

async function runFn(charm: FnCharm, options: { readonly context: HookContext; readonly backend: Backend }): Promise<DispatchOutcome> {
  try {
    await charm(options.context, options.backend);
    return { ok: true };
  } catch (e) {
    return { ok: false, error: e as Error };
  }
}

/** A Context over a function charm, so harness mechanics are testable without lib/ops's dispatch. */
export function fnContext(charm: FnCharm, options: { jujuVersion?: string; unitId?: number; catchCharmErrors?: boolean; charmRoot?: string } = {}): Context<FnCharm> {
  return new Context(charm, { metadata: METADATA, config: CONFIG, actions: ACTIONS, dispatch: runFn, ...options });
}
