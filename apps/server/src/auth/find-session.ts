import { type Database, oncePerDatabase, sessions, users } from "@tally/db";
import { eq, sql } from "drizzle-orm";

/** A session row with the user it belongs to, as one request needs them. */
export interface FoundSession {
  session: { id: string; expiresAt: Date; activeAccountId: string | null };
  user: { id: string; email: string; name: string; role: string | null };
}

/** The columns of a `FoundSession`, for every query that reads a session with its user. */
export const sessionWithUserColumns = {
  session: {
    id: sessions.id,
    expiresAt: sessions.expiresAt,
    activeAccountId: sessions.activeAccountId,
  },
  user: { id: users.id, email: users.email, name: users.name, role: users.role },
};

function prepareFindSession(db: Database) {
  return db
    .select(sessionWithUserColumns)
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.token, sql.placeholder("token")))
    .prepare("tally_find_session_by_token");
}

const findSessionStatement = oncePerDatabase(prepareFindSession);

/** The session a cookie token names, joined with its user: one query by the unique token. */
export async function findSessionByToken(
  db: Database,
  params: { token: string },
): Promise<FoundSession | null> {
  const [row] = await findSessionStatement(db).execute({ token: params.token });
  return row ?? null;
}
