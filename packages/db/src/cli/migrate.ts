import { resolve } from "node:path";
import { migrate, openDatabase } from "../client";

// pnpm runs package scripts inside packages/db; INIT_CWD is where the command was typed, so
// `pnpm db:migrate` at the root migrates the same `.data` folder that `pnpm start` uses.
const url = process.env.DATABASE_URL || undefined;
const dataDir = resolve(
  process.env.INIT_CWD ?? process.cwd(),
  process.env.TALLY_DATA_DIR || ".data",
);

const handle = url ? await openDatabase({ url }) : await openDatabase({ dataDir });
try {
  await migrate(handle);
  console.log(
    handle.kind === "postgres"
      ? "Migrated the PostgreSQL database at DATABASE_URL."
      : `Migrated the embedded database in ${dataDir}.`,
  );
} finally {
  await handle.close();
}
