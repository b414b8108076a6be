/**
 * The data-integrator's configuration and the database request it asks for. The operator's
 * values are checked here, once: with zod for their shape and with the library's own request
 * validation for the rules between them, so a bad value becomes a status naming the option.
 */
import * as z from "zod/mini";
import type { ConfigValue } from "charm-data-interfaces/ops";
import { RequestConfigError, validateRequestOptions, type DatabaseRequiresOptions } from "charm-data-interfaces";

/** What the request-related options ask for, ready to spread into `DatabaseRequires` options. */
export type DatabaseRequest = Omit<DatabaseRequiresOptions, "relationName">;

/** The configuration as the charm uses it. */
export type IntegratorConfig =
  | { readonly valid: true; readonly databaseName: string | undefined; readonly request: DatabaseRequest }
  | { readonly valid: false; readonly databaseName: string | undefined; readonly problem: string };

/** Juju leaves unset string options out; an empty string means unset as well. */
const Text = z.pipe(
  z.transform((v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v)),
  z.optional(z.string().check(z.trim())),
);

const ConfigSchema = z.object({
  "database-name": Text,
  "extra-user-roles": Text,
  "extra-group-roles": Text,
  "entity-type": z.pipe(
    z.transform((v: unknown) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.trim().toUpperCase()) : v)),
    z.optional(z.enum(["USER", "GROUP"], { error: "must be USER or GROUP" })),
  ),
  "entity-permissions": Text,
});

/** Request option names of the library → the config option an operator sets. */
const OPTION_OF: Readonly<Record<string, string>> = {
  database: "database-name",
  extraUserRoles: "extra-user-roles",
  extraGroupRoles: "extra-group-roles",
  entityType: "entity-type",
  entityPermissions: "entity-permissions",
};

function problemOf(error: RequestConfigError): string {
  const option = OPTION_OF[error.option] ?? error.option;
  const text = error.message.replace(/^database requirer option "[^"]*": /, "");
  return `config option ${option}: ${text}`;
}

/**
 * Reads the charm config into the request every database endpoint makes
 * (`external-node-connectivity` is always asked for: the consumers live outside the model).
 * `secretsAvailable` is false below Juju 3.0.3.
 */
export function readIntegratorConfig(config: Readonly<Record<string, ConfigValue>>, secretsAvailable: boolean): IntegratorConfig {
  const parsed = ConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const option = String(issue?.path[0] ?? "(config)");
    const name = typeof config["database-name"] === "string" && config["database-name"].trim() !== "" ? config["database-name"].trim() : undefined;
    return { valid: false, databaseName: name, problem: `config option ${option}: ${issue?.message ?? "invalid"}` };
  }
  const c = parsed.data;
  const request: DatabaseRequest = {
    externalNodeConnectivity: true,
    ...(c["database-name"] === undefined ? {} : { database: c["database-name"] }),
    ...(c["extra-user-roles"] === undefined ? {} : { extraUserRoles: c["extra-user-roles"] }),
    ...(c["extra-group-roles"] === undefined ? {} : { extraGroupRoles: c["extra-group-roles"] }),
    ...(c["entity-type"] === undefined ? {} : { entityType: c["entity-type"] }),
    ...(c["entity-permissions"] === undefined ? {} : { entityPermissions: c["entity-permissions"] }),
  };
  try {
    validateRequestOptions({ relationName: "config", ...request }, secretsAvailable);
  } catch (e) {
    if (e instanceof RequestConfigError) return { valid: false, databaseName: c["database-name"], problem: problemOf(e) };
    throw e;
  }
  return { valid: true, databaseName: c["database-name"], request };
}
