import { describe, expect, it } from "vitest";
import { coaching } from "./coaching";
import { catalogs, defaultCatalog } from "./index";

describe("catalogs", () => {
  it("names each catalog by its id", () => {
    for (const [name, catalog] of Object.entries(catalogs)) {
      expect(catalog.id).toBe(name);
    }
    expect(Object.keys(catalogs)).toEqual([
      "coaching",
      "reports",
      "assistant",
      "ide",
      "membership",
    ]);
  });

  it("serves coaching by default", () => {
    expect(defaultCatalog).toBe(coaching);
  });
});
