import { fs, path } from "../builtins.js";
import { InvalidArgumentError } from "../errors.js";
import { os } from "../lazy-builtins.js";

// ops's rule for secret content keys: at least 3 characters, a leading letter, single hyphens only.
const SECRET_KEY = /^[a-z](?:-?[a-z0-9]){2,}$/;

/** Checks secret content the way ops does: non-empty, valid keys, string values. Never quotes a value. */
export function validateSecretContent(content: Readonly<Record<string, string>>): void {
  const keys = Object.keys(content);
  if (keys.length === 0) throw new InvalidArgumentError("secret content must not be empty");
  for (const key of keys) {
    if (!SECRET_KEY.test(key)) {
      throw new InvalidArgumentError(
        `secret content key "${key}" is invalid: use at least 3 characters, a leading letter, then letters, digits and single hyphens`,
      );
    }
    if (typeof content[key] !== "string") throw new InvalidArgumentError(`secret content "${key}" must be a string`);
  }
}

/**
 * Writes each value to its own 0600 file in a fresh 0700 directory, hands `fn` the
 * `key#file=<path>` arguments, and removes the directory afterwards whatever happens.
 * Secret values therefore never appear on a command line (where /proc/<pid>/cmdline shows them).
 */
export function withSecretFiles<T>(content: Readonly<Record<string, string>>, fn: (args: string[]) => T): T {
  validateSecretContent(content);
  const dir = fs.mkdtempSync(path.join(os().tmpdir(), "ops-secret-"));
  try {
    fs.chmodSync(dir, 0o700);
    const args = Object.entries(content).map(([key, value]) => {
      const file = path.join(dir, key);
      fs.writeFileSync(file, value, { encoding: "utf8", mode: 0o600, flag: "wx" });
      return `${key}#file=${file}`;
    });
    return fn(args);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
