/** One problem in a catalog: where it is and what is wrong. */
export interface CatalogIssue {
  path: readonly PropertyKey[];
  message: string;
}

const PLAIN_KEY = /^[\w-]+$/;

/** `plans.growth.modules.ids[0]: unknown module "nutriton"` */
export function formatCatalogIssue({ path, message }: CatalogIssue): string {
  const where = path.reduce<string>((text, key) => {
    if (typeof key === "number") {
      return `${text}[${key}]`;
    }
    if (typeof key === "string" && PLAIN_KEY.test(key)) {
      return text === "" ? key : `${text}.${key}`;
    }
    // Empty or unusual ids are quoted so the path shows them exactly.
    return `${text}[${JSON.stringify(String(key))}]`;
  }, "");
  return where === "" ? message : `${where}: ${message}`;
}
