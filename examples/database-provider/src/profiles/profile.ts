/**
 * A provider profile: how one real Canonical database charm answers a database request, reduced
 * to what a requirer can observe (user names, which fields land where, endpoint formats, TLS
 * announcements, subordinate flags). Each profile module cites the upstream files it follows;
 * docs/provider-profiles.md has the table. The charm (profile-provider.ts) does the Juju side.
 */

/** Engines a profile administers (MongoDB profiles run no server). */
export type ProfileEngine = "postgresql" | "mysql" | "mongodb";

/** How a profile announces TLS to requirers. */
export type TlsBehaviour =
  /** PostgreSQL: every endpoint refresh writes `tls` ("True"/"False") and `tls-ca` ("" when off) into the tls group. */
  | "always-refresh"
  /** MySQL: publishes nothing; turning client TLS on kills the client sessions. */
  | "kill-sessions"
  /** MongoDB: `tls` "True" and `tls-ca` only once client TLS has an external CA; never writes `tls` "False". */
  | "external-ca-only"
  /** Publishes no TLS field at all (pgbouncer, mysql-router). */
  | "none";

/** What a profile knows when it answers one relation. */
export interface AnswerContext {
  readonly relationId: number;
  /** The model UUID (JUJU_MODEL_UUID). */
  readonly modelUuid: string;
  /** This application's name (MongoDB's replica set name is the application name). */
  readonly appName: string;
  /** The requirer's application databag. */
  readonly request: Readonly<Record<string, string>>;
  /** The database the requirer asked for. */
  readonly database: string;
  /** Where the administered server listens (config `<engine>-host` / `<engine>-port`). */
  readonly server: { readonly host: string; readonly port: number };
  /** The profile-related charm options. */
  readonly options: ProfileOptions;
}

/** Charm options that only profiles read. */
export interface ProfileOptions {
  /** pgbouncer `listen_port` stand-in (the real default is 6432). */
  readonly pgbouncerPort: number;
  /** mysql-router read-write / read-only ports (real: 6446 / 6447). */
  readonly routerRwPort: number;
  readonly routerRoPort: number;
  /** Directory of the router's Unix sockets (real: /var/snap/charmed-mysql/common/run/mysqlrouter). */
  readonly routerSocketDir: string;
  /** Relation id of the router's own backend relation (its MySQL user is derived from it). */
  readonly routerBackendRelationId: number;
  /** Comma-separated MongoDB member hosts (no ports, as the charm publishes them). */
  readonly mongodbHosts: string;
}

/** The answer to one request. Empty-string values are written as such (or deleted, in a databag). */
export interface ProfileAnswer {
  /** Plain fields of the provider's application databag. */
  readonly fields: Readonly<Record<string, string>>;
  /** The `user` secret group (username, password, uris, read-only-uris), or plaintext without secrets. */
  readonly credentials: Readonly<Record<string, string>>;
}

/** One real charm's behaviour. */
export interface ProviderProfile {
  /** The name `--profile` and the `profile` config option take. */
  readonly name: string;
  /** The upstream code this profile follows (repository and path, at the branch named). */
  readonly sources: readonly string[];
  readonly engine: ProfileEngine;
  /** The endpoint of the example provider it answers on. */
  readonly endpoint: "database" | "mysql-database" | "mongodb-database" | "mongos-proxy";
  /** Length of the random relation password the real charm generates. */
  readonly passwordLength: number;
  readonly tls: TlsBehaviour;
  /** Whether it publishes the server's `version`. */
  readonly publishesVersion: boolean;
  /** Whether it sets `subordinated: "true"` and, per unit, `state: ready` (a subordinate provider). */
  readonly subordinated: boolean;
  /** The relation user's name. */
  userName(ctx: AnswerContext): string;
  /** Fields and credentials for a new relation user with `password`. */
  answer(ctx: AnswerContext, user: string, password: string): ProfileAnswer;
}
