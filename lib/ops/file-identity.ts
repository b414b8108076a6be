/**
 * What the file system says of a file's bytes without reading them: device, inode, size, and
 * the nanosecond modification and change times. The kernel sets the change time on every write
 * and no system call sets it back, so a rewritten file has another identity even at the same
 * size with its modification time restored. One `stat`, where hashing the bytes is a read and
 * (in a new process) OpenSSL's first use.
 */
import { fs } from "./builtins.js";

/** The identity of the file at `path`; undefined when it cannot be had (no file, say). */
export function fileIdentity(path: string): string | undefined {
  try {
    const st = fs.statSync(path, { bigint: true, throwIfNoEntry: false });
    return st === undefined ? undefined : [st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs].join(":");
  } catch {
    return undefined;
  }
}
