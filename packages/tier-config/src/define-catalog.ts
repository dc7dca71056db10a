import { CatalogError } from "./catalog-error";
import { parseCatalog } from "./parse-catalog";
import type { Catalog } from "./types";

type KeysAt<C, Field extends string> =
  C extends Record<Field, infer Value> ? keyof Value & string : never;

/** The literal ids a catalog literal defines, read from the keys of its records. */
type IdsOf<C> = {
  plan: KeysAt<C, "plans">;
  meter: KeysAt<C, "meters">;
  module: KeysAt<C, "modules">;
  moduleGroup: KeysAt<C, "moduleGroups">;
  feature: KeysAt<C, "features">;
};

/**
 * Declares a catalog in code. The type is the literal itself (`const C`), constrained by the
 * ids its own records define, so a plan naming an undefined module, a missing meter or an
 * unknown default plan does not compile. At run time the same rules and every value rule are
 * checked again, throwing a CatalogError that names the path of each problem.
 */
export function defineCatalog<const C extends Catalog<IdsOf<C>>>(input: C): C {
  const parsed = parseCatalog(input);
  if (!parsed.ok) {
    throw new CatalogError(input.id, parsed.errors);
  }
  return input;
}
