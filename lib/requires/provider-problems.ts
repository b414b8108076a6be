/**
 * Checks of a provider's answer that do not depend on secret contents, and the text forms the
 * engine logs and offers as a unit status. Every problem is a {@link ProviderDataError} naming
 * the relation and the provider field; no message quotes a value that could hold a credential.
 */
import { DatabagError } from "../interfaces/database/databag-error.js";
import { VALUE_LIMITS, valueLimitProblems } from "../interfaces/database/value-limits.js";
import { ProviderDataError, ProviderSecretReadError, ProviderSecretUnavailableError, SecretLabelTakenError } from "./errors.js";
import { parseStatuses } from "./provider-status.js";

/** The wire-format generations this engine reads (`version` of a layout with a `requests` array). */
const KNOWN_PROTOCOLS: ReadonlySet<string> = new Set(["v0", "v1"]);

/** Longest log/status text taken from a problem (a hostile provider may send megabytes). */
export const MAX_PROBLEM_TEXT = 300;

/** Fields a secret group must carry for its content to be usable, when the charm requested them. */
export const REQUIRED_SECRET_FIELDS: Readonly<Record<string, readonly string[]>> = {
  user: ["username", "password"],
  entity: ["entity-name"],
};

/**
 * Problems of the provider's layout: an unreadable `status`, a `requests` array that is not
 * JSON, or a protocol generation this engine does not speak. Values are not quoted.
 */
export function layoutProblems(relation: string, remoteApp: Readonly<Record<string, string>>): ProviderDataError[] {
  const out: ProviderDataError[] = [];
  try {
    parseStatuses(remoteApp["status"], relation);
  } catch (e) {
    if (e instanceof ProviderDataError) out.push(e);
    else throw e;
  }
  const requests = remoteApp["requests"];
  const version = remoteApp["version"];
  if (requests !== undefined && version !== undefined && /^v\d+$/.test(version) && !KNOWN_PROTOCOLS.has(version)) {
    out.push(new ProviderDataError(relation, "version", `protocol ${version} is not supported by this library (it reads v0 and v1); upgrade the charm's data-interfaces library`));
  } else if (requests !== undefined && version === "v1" && !isJsonArray(requests)) {
    out.push(new ProviderDataError(relation, "requests", "is not a JSON array of responses"));
  }
  return out;
}

function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}

/** A problem for a group secret whose content lacks a field the charm needs. */
export function missingSecretFields(relation: string, secretKey: string, group: string, content: Readonly<Record<string, string>>, requested: readonly string[]): ProviderDataError[] {
  const required = (REQUIRED_SECRET_FIELDS[group] ?? []).filter((f) => requested.includes(f));
  const missing = required.filter((f) => (content[f] ?? "") === "");
  if (missing.length === 0) return [];
  return [new ProviderDataError(relation, secretKey, `the secret's content lacks ${missing.map((f) => `"${f}"`).join(", ")}`)];
}

/**
 * The typed decode failures the engine turns into problems (anything else is a bug and is
 * rethrown): the engine's own {@link ProviderDataError} and the interface models' {@link DatabagError}.
 */
export function asProviderProblem(error: unknown, relation: string): ProviderDataError | undefined {
  if (error instanceof ProviderDataError) return error;
  if (error instanceof DatabagError) {
    const problem = new ProviderDataError(relation, error.field, error.problems.map((p) => (p.field === error.field ? p.problem : `"${p.field}": ${p.problem}`)).join("; "));
    return Object.assign(problem, { cause: error });
  }
  return undefined;
}

/** True for problems that clear by themselves (a secret granted later, a tool failing once, a label freed later). */
export function isTransient(problem: ProviderDataError): boolean {
  return problem instanceof ProviderSecretUnavailableError || problem instanceof ProviderSecretReadError || problem instanceof SecretLabelTakenError;
}

/** A problem's message made safe for one log line or status: control characters escaped, length capped. */
export function problemText(problem: Error): string {
  const escaped = problem.message.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return escaped.length <= MAX_PROBLEM_TEXT ? escaped : `${escaped.slice(0, MAX_PROBLEM_TEXT - 1)}…`;
}

/** Longest value accepted in a one-line field, and in any other field (the policy lives in lib/interfaces value_limits). */
export const MAX_LINE_FIELD = VALUE_LIMITS.line.maxLength;
export const MAX_TEXT_FIELD = VALUE_LIMITS.text.maxLength;

/**
 * Encoding problems of a resolved provider view under the package's one value policy
 * (`valueLimitProblems`, docs/value-limits.md): control characters and oversized values.
 * The value is never quoted: it may be a credential.
 */
export function valueProblems(relation: string, view: Readonly<Record<string, string>>): ProviderDataError[] {
  return valueLimitProblems(view).map((p) => new ProviderDataError(relation, p.field, p.problem));
}

/** The bag as Juju means it: an empty value is an unset key (relation-set `key=` deletes it). */
export function withoutEmptyValues(bag: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  if (!Object.values(bag).includes("")) return bag;
  return Object.fromEntries(Object.entries(bag).filter(([, v]) => v !== ""));
}
