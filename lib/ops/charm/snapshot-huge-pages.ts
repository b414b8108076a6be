/**
 * Transparent huge pages for a hook that starts from the start-up snapshot.
 *
 * Node reads the whole snapshot file (3-5 MB) into memory it gets from malloc, then builds the
 * heap from it. On a kernel whose transparent huge pages are in `madvise` mode (Ubuntu's
 * default), each 4 KiB page of that buffer costs its own page fault unless the program asks for
 * huge pages. glibc 2.35 added a tunable for that, `glibc.malloc.hugetlb=1`: malloc then advises
 * `MADV_HUGEPAGE` on its large mappings (glibc's NEWS for 2.35 and manual/tunables.texi). The
 * generated dispatch appends it to `GLIBC_TUNABLES` on the one line that starts a hook from the
 * snapshot; glibc reads the variable only as a process starts, ignores tunables it does not know
 * (before 2.35), and the kernel ignores the advice in `always` and `never` modes.
 * docs/startup-snapshot.md#huge-pages has the measurements.
 *
 * The hook itself then removes the entry again, so that the processes a charm starts (its
 * workload, a client tool) get the environment a plain start gives them.
 */

/** The environment variable glibc's dynamic loader reads its tunables from. */
export const GLIBC_TUNABLES_VARIABLE = "GLIBC_TUNABLES";

/** The entry dispatch appends (after a `:` when the variable already had a value). */
export const SNAPSHOT_START_TUNABLE = "glibc.malloc.hugetlb=1";

/**
 * `GLIBC_TUNABLES` as the hook's caller set it, given its value in a hook dispatch started from
 * the snapshot: without the last entry when that is {@link SNAPSHOT_START_TUNABLE}, undefined when
 * nothing is left (the variable was unset). Any other value is returned as it is.
 */
export function tunablesOfPlainStart(value: string | undefined): string | undefined {
  if (value === undefined || value === SNAPSHOT_START_TUNABLE) return undefined;
  const appended = `:${SNAPSHOT_START_TUNABLE}`;
  return value.endsWith(appended) ? value.slice(0, -appended.length) : value;
}
