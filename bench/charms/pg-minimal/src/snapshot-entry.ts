// Entry point of the startup-snapshot experiment (bench/charm-dirs.ts buildSnapshotCharmDir):
// `node --build-snapshot` evaluates the bundle of this file once (every module, every zod schema)
// and stores the heap; each hook then starts from that heap and only runs main().
import * as v8 from "node:v8";
import { main } from "../../../../lib/ops/index.js";
import { MinimalCharm } from "./charm.js";

v8.startupSnapshot.setDeserializeMainFunction(() => {
  void main(MinimalCharm);
});
