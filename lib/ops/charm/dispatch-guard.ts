/**
 * The variable set while a charm dispatch runs. Hook tools and whatever the charm spawns inherit
 * it, so a nested run (the charm invoking itself) exits 0 at once; the start-up snapshot code
 * sets it too, to start a process from a snapshot without running a hook.
 */
export const DISPATCH_GUARD_VARIABLE = "OPS_TS_DISPATCH";
