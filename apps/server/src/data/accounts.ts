import { accounts, type Database } from "@tally/db";
import { eq } from "drizzle-orm";

export async function findAccount(db: Database, params: { accountId: string }) {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, params.accountId));
  return row ?? null;
}

/** Sets (or, with nulls, clears) where alerts are posted and the secret that signs them. */
export async function setWebhook(
  db: Database,
  params: { accountId: string; url: string | null; secret: string | null },
) {
  await db
    .update(accounts)
    .set({ webhookUrl: params.url, webhookSecret: params.secret })
    .where(eq(accounts.id, params.accountId));
}
