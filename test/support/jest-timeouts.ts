/**
 * jest `setupFilesAfterEnv`: every test file's default timeout is 60 s on an idle machine,
 * scaled by the load when the file starts (see time-scale.ts). Tests with their own limit use
 * `scaled(ms)` too.
 */
import { scaled } from "./time-scale.js";

jest.setTimeout(scaled(60_000));
