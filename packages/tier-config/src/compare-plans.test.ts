import { describe, expect, it } from "vitest";
import { assistant } from "./catalogs/assistant";
import { membership } from "./catalogs/membership";
import { comparePlans } from "./compare-plans";

describe("comparePlans", () => {
  it.each([
    ["member", "pro", "upgrade"],
    ["elite", "business", "downgrade"],
    ["family", "member", "downgrade"],
    ["pro", "pro", "same"],
  ] as const)("membership %s -> %s is a %s", (from, to, change) => {
    expect(comparePlans(membership, from, to)).toBe(change);
  });

  it.each([
    ["trial", "teams", "upgrade"],
    ["pro", "plus", "upgrade"],
    ["plus", "teams", "upgrade"],
    ["teams", "pro", "downgrade"],
  ] as const)(
    "assistant %s -> %s is a %s, following the source's upgrade paths",
    (from, to, change) => {
      expect(comparePlans(assistant, from, to)).toBe(change);
    },
  );
});
