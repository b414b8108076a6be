/**
 * MongoDB connection strings (`uris`, `read-only-uris` of mongodb_client and mongos_client), read
 * by the rules of MongoDB's Connection String specification (specifications repo,
 * `source/connection-string/connection-string-spec.md`) as the official Node driver applies them
 * (its `mongodb-connection-string-url` parser; test/interfaces checks that both agree):
 *
 *   mongodb://[user[:password]@]host[:port][,host[:port]...][/[database]][?key=value[&key=value...]]
 *   mongodb+srv://[user[:password]@]host[/[database]][?...]   (one host, no port)
 *
 * User, password and database are percent-encoded: an unencoded `@ : / ? # [ ]` in them is an
 * error, as is a bad `%` escape. A host is an IPv4 address, a name, a bracketed IPv6 address or a
 * percent-encoded Unix socket path ending in `.sock`. Problems never quote the text (it holds the
 * password); they name the part that is wrong.
 */

/** One host of a connection string. */
export interface MongoUriHost {
  /** Host name or address as written (IPv6 without brackets, socket paths decoded). */
  readonly host: string;
  /** The port, when the string has one. */
  readonly port?: number | undefined;
}

/** The parts of a MongoDB connection string. */
export interface MongoUriParts {
  /** `mongodb` (host list) or `mongodb+srv` (one DNS SRV name). */
  readonly scheme: "mongodb" | "mongodb+srv";
  /** Decoded user name, when present (credential). */
  readonly username?: string | undefined;
  /** Decoded password, when present (credential). */
  readonly password?: string | undefined;
  /** The hosts, in order. */
  readonly hosts: readonly MongoUriHost[];
  /** Decoded default (auth) database, when present. */
  readonly database?: string | undefined;
  /** Decoded options in order of appearance (`replicaSet`, `authSource`, `tls`, ...). */
  readonly options: readonly (readonly [string, string])[];
}

/** A parsed connection string, or what is wrong with it (never quoting it). */
export type MongoUriParse =
  | {
      /** The string follows the specification. */
      readonly ok: true;
      /** Its parts. */
      readonly value: MongoUriParts;
    }
  | {
      /** The string does not follow the specification. */
      readonly ok: false;
      /** What is wrong, naming the part. */
      readonly problem: string;
    };

/** Characters the specification requires to be percent-encoded in user, password and database. */
const USERINFO_RESERVED = /[:/?#[\]@]/;
const HOST_NAME = /^[A-Za-z0-9._~!$&'()*+;=%-]+$/;
const PORT = /^[0-9]{1,5}$/;

class UriProblem extends Error {}

function decode(text: string, part: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new UriProblem(`the ${part} has an invalid percent-encoding`);
  }
}

function parsePort(text: string, position: number): number {
  const n = PORT.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= 65535)) throw new UriProblem(`host ${position}: the port must be a number from 1 to 65535`);
  return n;
}

function parseHost(item: string, position: number): MongoUriHost {
  if (item === "") throw new UriProblem(`host ${position} is empty`);
  if (item.startsWith("[")) {
    const close = item.indexOf("]");
    if (close < 0) throw new UriProblem(`host ${position}: an IPv6 address must be closed with "]"`);
    const host = item.slice(1, close);
    if (!/^[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?$/.test(host) || !host.includes(":")) throw new UriProblem(`host ${position} is not a valid IPv6 address`);
    const rest = item.slice(close + 1);
    if (rest === "") return { host };
    if (!rest.startsWith(":")) throw new UriProblem(`host ${position}: only ":port" may follow an IPv6 address`);
    return { host, port: parsePort(rest.slice(1), position) };
  }
  const colon = item.indexOf(":");
  if (colon >= 0 && item.indexOf(":", colon + 1) >= 0) throw new UriProblem(`host ${position}: IPv6 addresses must be written in brackets`);
  const name = colon < 0 ? item : item.slice(0, colon);
  if (name === "" || !HOST_NAME.test(name)) throw new UriProblem(`host ${position} is not a host name, IP address or encoded socket path`);
  const decoded = decode(name, `host ${position}`);
  if (decoded.includes("/") && !decoded.endsWith(".sock")) throw new UriProblem(`host ${position}: a Unix socket path must end in ".sock"`);
  const port = colon < 0 ? undefined : parsePort(item.slice(colon + 1), position);
  if (decoded.includes("/") && port !== undefined) throw new UriProblem(`host ${position}: a Unix socket path takes no port`);
  return port === undefined ? { host: decoded } : { host: decoded, port };
}

function parseOptions(text: string): [string, string][] {
  if (text === "") return [];
  return text.split(/[&;]/).map((pair, i) => {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UriProblem(`option ${i + 1} is not key=value`);
    return [decode(pair.slice(0, eq), `key of option ${i + 1}`), decode(pair.slice(eq + 1), `value of option ${i + 1}`)];
  });
}

function parse(text: string): MongoUriParts {
  const scheme = text.startsWith("mongodb://") ? "mongodb" : text.startsWith("mongodb+srv://") ? "mongodb+srv" : undefined;
  if (scheme === undefined) throw new UriProblem('expected the scheme "mongodb://" or "mongodb+srv://"');
  const rest = text.slice(scheme.length + 3);
  if (/\s/.test(rest)) throw new UriProblem("contains whitespace");
  if (rest.includes("#")) throw new UriProblem('contains "#", which must be percent-encoded');
  const slash = rest.indexOf("/");
  const question = rest.indexOf("?");
  if (question >= 0 && (slash < 0 || question < slash)) throw new UriProblem('options must follow a "/" after the hosts');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const tail = slash < 0 ? undefined : rest.slice(slash + 1);
  const at = authority.lastIndexOf("@");
  let username: string | undefined;
  let password: string | undefined;
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    if (userinfo.includes("@")) throw new UriProblem('the user information has an unencoded "@"');
    const colon = userinfo.indexOf(":");
    const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
    const pass = colon < 0 ? undefined : userinfo.slice(colon + 1);
    if (user === "") throw new UriProblem("the user name is empty");
    if (USERINFO_RESERVED.test(user)) throw new UriProblem('the user name has a reserved character (: / ? # [ ] @) that must be percent-encoded');
    if (pass !== undefined && USERINFO_RESERVED.test(pass)) throw new UriProblem('the password has a reserved character (: / ? # [ ] @) that must be percent-encoded');
    username = decode(user, "user name");
    password = pass === undefined ? undefined : decode(pass, "password");
  }
  const hostText = authority.slice(at + 1);
  if (hostText === "") throw new UriProblem("no host");
  const hosts = hostText.split(",").map((item, i) => parseHost(item, i + 1));
  if (scheme === "mongodb+srv") {
    if (hosts.length !== 1) throw new UriProblem("a mongodb+srv:// string names exactly one host");
    if (hosts[0]?.port !== undefined) throw new UriProblem("a mongodb+srv:// host takes no port");
  }
  let database: string | undefined;
  let options: [string, string][] = [];
  if (tail !== undefined) {
    // The driver splits user information at the last "@" of the whole string, so one after the hosts must be encoded.
    if (tail.includes("@")) throw new UriProblem('the database name or options have an unencoded "@"');
    const q = tail.indexOf("?");
    const dbText = q < 0 ? tail : tail.slice(0, q);
    if (dbText.includes("/")) throw new UriProblem('the database name has an unencoded "/"');
    database = dbText === "" ? undefined : decode(dbText, "database name");
    if (database !== undefined && /[/\\. "$]/.test(database)) throw new UriProblem('the database name has a character MongoDB does not allow (/ \\ . space " $)');
    options = parseOptions(q < 0 ? "" : tail.slice(q + 1));
  }
  return { scheme, username, password, hosts, database, options };
}

/**
 * The connection string a `uris` / `read-only-uris` value carries: trimmed, or `undefined` when
 * the value is absent or blank (no URI: the connection is built from the endpoints).
 */
export function mongoUriText(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text === undefined || text === "" ? undefined : text;
}

/** Parses one MongoDB connection string. */
export function parseMongoUri(text: string): MongoUriParse {
  try {
    return { ok: true, value: parse(text) };
  } catch (error) {
    if (error instanceof UriProblem) return { ok: false, problem: error.message };
    throw error;
  }
}
