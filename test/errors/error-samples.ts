/**
 * One instance of every error class the package exports, keyed by its export name: the table
 * test/errors/error-names.test.ts checks against the exports (every class has a sample) and
 * against a minified bundle (every sample keeps its name there).
 */
import { CharmBuildError } from "../../lib/cli/build-bundle.js";
import { EsbuildMissingError } from "../../lib/cli/build-esbuild.js";
import * as root from "../../lib/index.js";
import * as interfaces from "../../lib/interfaces/index.js";
import * as legacy from "../../lib/legacy/index.js";
import * as ops from "../../lib/ops/index.js";
import * as testing from "../../lib/testing/index.js";
import * as simulator from "../../lib/simulator.js";

/** Builds one instance of each exported error class. */
export const ERROR_SAMPLES: Readonly<Record<string, () => Error>> = {
  OpsError: () => new ops.OpsError("x"),
  ModelError: () => new ops.ModelError("x"),
  HookToolError: () => new ops.HookToolError("relation-get", ["-r", "1"], 1, "boom"),
  HookToolNotFoundError: () => new ops.HookToolNotFoundError("relation-get", "x"),
  ToolUnavailableError: () => new ops.ToolUnavailableError({ tool: "secret-get", jujuVersion: "2.9.0", minimumVersion: "3.0.0" }),
  HookToolOutputError: () => new ops.HookToolOutputError("x"),
  RelationNotFoundError: () => new ops.RelationNotFoundError("x"),
  SecretNotFoundError: () => new ops.SecretNotFoundError("x"),
  PermissionDeniedError: () => new ops.PermissionDeniedError("x"),
  NotLeaderError: () => new ops.NotLeaderError("x"),
  ActionNotRunningError: () => new ops.ActionNotRunningError("x"),
  ContextError: () => new ops.ContextError("JUJU_UNIT_NAME", "is missing"),
  RelationDataAccessError: () => new ops.RelationDataAccessError("x"),
  TooManyRelatedAppsError: () => new ops.TooManyRelatedAppsError("database", 2),
  InvalidArgumentError: () => new ops.InvalidArgumentError("x"),
  StateLimitError: () => new ops.StateLimitError("x"),
  StateFileError: () => new ops.StateFileError("x"),
  RequiresError: () => new root.RequiresError("x"),
  RequestConfigError: () => new root.RequestConfigError("database", "x"),
  ProviderDataError: () => new root.ProviderDataError("database:1", "endpoints", "x"),
  AliasExhaustedError: () => new root.AliasExhaustedError("database", ["a"]),
  UnknownRelationError: () => new root.UnknownRelationError("database", 7),
  ProviderSecretUnavailableError: () => new root.ProviderSecretUnavailableError("database:1", "secret-user", "secret:abc"),
  ProviderSecretReadError: () => new root.ProviderSecretReadError("database:1", "secret-user", "x"),
  SecretLabelTakenError: () => new root.SecretLabelTakenError("database:1", "secret-user", "label", "x"),
  SecretsUnsupportedError: () => new root.SecretsUnsupportedError("database:1", "secret-user"),
  RelationLimitExceededError: () => new root.RelationLimitExceededError("database:2", "database", 1, "pg"),
  ConnectionFactsError: () => new root.ConnectionFactsError("endpoints", "x"),
  EngineConnectionError: () => new root.EngineConnectionError("postgresql", "endpoints", "x"),
  ConnectionStringError: () => new root.ConnectionStringError("libpq-uri", "x"),
  RepeatedKeywordError: () => new root.RepeatedKeywordError("host", 3),
  PgCheckError: () => new root.PgCheckError("unreachable", { host: "h", port: 5432, database: "d" }, undefined),
  DatabagError: () => new interfaces.DatabagError({ side: "provider", field: "endpoints", problem: "x" }),
  LegacyConfigError: () => new legacy.LegacyConfigError("peerRelationName", "x"),
  LegacyDataError: () => new legacy.LegacyDataError("db:1", "pg/0", "master", "x"),
  UncaughtCharmError: () => new testing.UncaughtCharmError({ kind: "hook", name: "install" }, new Error("x")),
  CommitRefusedError: () => new testing.CommitRefusedError({ kind: "hook", name: "install" }, "updating secrets: permission denied"),
  InconsistentScenarioError: () => new testing.InconsistentScenarioError(["x"]),
  SimulatorError: () => new simulator.SimulatorError("x"),
  ModelNotQuietError: () => new simulator.ModelNotQuietError(100, ["u/0 install"]),
  CharmSpecError: () => new simulator.CharmSpecError("x"),
  CharmBuildError: () => new CharmBuildError("/charm", "x"),
  EsbuildMissingError: () => new EsbuildMissingError(),
};
