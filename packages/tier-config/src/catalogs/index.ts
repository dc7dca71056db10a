import { assistant } from "./assistant";
import { coaching } from "./coaching";
import { ide } from "./ide";
import { membership } from "./membership";
import { reports } from "./reports";

export const catalogs = { coaching, reports, assistant, ide, membership } as const;

export type CatalogName = keyof typeof catalogs;

/** The catalog `pnpm start` serves unless configured otherwise. */
export const defaultCatalog = coaching;
