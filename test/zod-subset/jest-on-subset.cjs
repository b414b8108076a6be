// The library's own unit suites with `zod/mini` resolved to lib/zod-subset, as a charm bundle
// resolves it (`npm run test:on-subset`; docs/build.md#zod-in-a-bundle). Suites whose subject
// composes the library's models with zod itself (lib/testing, written with classic zod) or
// generates JSON Schema from them are left out: a bundle holding those gets zod, not the subset.
const base = require("../../jest.config.cjs");

module.exports = {
  ...base,
  rootDir: "../..",
  roots: ["<rootDir>/test"],
  testMatch: ["<rootDir>/test/{requires,engines,errors,interfaces}/**/*.test.ts", "<rootDir>/test/ops/{model,context,hooktools,charm}.test.ts"],
  testPathIgnorePatterns: [...(base.testPathIgnorePatterns ?? []), "/test/interfaces/schemas\\.test\\.ts$", "/test/interfaces/protocol-examples\\.test\\.ts$"],
  moduleNameMapper: {
    "^zod/mini$": "<rootDir>/lib/zod-subset/index.ts",
    "^(\\.{1,2}/.*)zod-english\\.js$": "<rootDir>/test/zod-subset/no-locale.cjs",
    ...base.moduleNameMapper,
  },
};
