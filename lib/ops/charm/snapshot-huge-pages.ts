/**
 * Transparent huge pages for a hook that starts from the start-up snapshot.
 *
 * Node reads the whole snapshot file (3-5 MB) into memory it gets from malloc, then builds the
 * heap from it. On a kernel whose transparent huge pages are in `madvise` mode (Ubuntu's
 * default), each 4 KiB page of that buffer costs its own page fault unless the program asks for
 * huge pages. glibc 2.35 added a tunable for that, `glibc.malloc.hugetlb=1`: malloc then advises
 * `MADV_HUGEPAGE` on its heap and its large mappings (glibc's NEWS for 2.35 and
 * manual/tunables.texi). A buffer over malloc's mmap threshold (128 KiB at first) gets a
 * mapping of its own; `glibc.malloc.mmap_threshold=33554432` (32 MiB, the most glibc accepts on
 * 64-bit systems: malloc.c `do_set_mmap_threshold`) keeps buffers up to that size in malloc's
 * heap instead, which glibc grows in huge-page steps, and the restore then makes far fewer page
 * faults. The generated dispatch appends both entries to `GLIBC_TUNABLES` on the one line that
 * starts a hook from the snapshot; glibc reads the variable only as a process starts, ignores
 * tunables it does not know (`hugetlb` before 2.35), and the kernel ignores the advice in
 * `always` and `never` modes.
 * docs/startup-snapshot.md#huge-pages has the measurements.
 *
 * The hook itself then removes the entries again, so that the processes a charm starts (its
 * workload, a client tool) get the environment a plain start gives them.
 */

/** The environment variable glibc's dynamic loader reads its tunables from. */
export const GLIBC_TUNABLES_VARIABLE = "GLIBC_TUNABLES";

/** The entries dispatch appends, as one (after a `:` when the variable already had a value). */
export const SNAPSHOT_START_TUNABLE = "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432";

/**
 * `GLIBC_TUNABLES` as the hook's caller set it, given its value in a hook dispatch started from
 * the snapshot: without the last entries when they are {@link SNAPSHOT_START_TUNABLE}, undefined when
 * nothing is left (the variable was unset). Any other value is returned as it is.
 */
export function tunablesOfPlainStart(value: string | undefined): string | undefined {
  if (value === undefined || value === SNAPSHOT_START_TUNABLE) return undefined;
  const appended = `:${SNAPSHOT_START_TUNABLE}`;
  return value.endsWith(appended) ? value.slice(0, -appended.length) : value;
}
