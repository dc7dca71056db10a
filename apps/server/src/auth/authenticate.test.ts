import { createHmac } from "node:crypto";
import { sessions } from "@tally/db";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../testing/test-app";
import { authenticate } from "./authenticate";
import { SESSION_EXPIRES_IN_SECONDS } from "./create-auth";

let database: TestDatabase;
let server: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  server = createTestApp(database);
});

afterAll(() => database.drop());

const DAY_MS = 24 * 60 * 60 * 1000;

/** The token inside a `better-auth.session_token=token.signature` cookie. */
function tokenOf(cookie: string): string {
  const value = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1));
  return value.slice(0, value.lastIndexOf("."));
}

function signedCookie(token: string, secret: string): string {
  const signature = createHmac("sha256", secret).update(token).digest("base64");
  return `better-auth.session_token=${encodeURIComponent(`${token}.${signature}`)}`;
}

describe("authenticating a session cookie", () => {
  it("knows the person of a live session and their active account choice", async () => {
    const user = await server.signUp();
    const caller = await authenticate(
      server.deps,
      new Headers({ cookie: user.cookie }),
      new Date(),
    );
    expect(caller).toMatchObject({
      kind: "user",
      user: { id: user.userId, email: user.email, role: "user" },
      session: { activeAccountId: null },
    });
  });

  it("rejects a real token signed with another secret", async () => {
    const user = await server.signUp();
    const cookie = signedCookie(tokenOf(user.cookie), "another-secret-another-secret-0123456");
    const caller = await authenticate(server.deps, new Headers({ cookie }), new Date());
    expect(caller.kind).toBe("rejected");
  });

  it("rejects the cookie of a session that was signed out", async () => {
    const user = await server.signUp();
    await database.db.delete(sessions).where(eq(sessions.userId, user.userId));
    const caller = await authenticate(
      server.deps,
      new Headers({ cookie: user.cookie }),
      new Date(),
    );
    expect(caller.kind).toBe("rejected");
  });

  it("extends a session used a day after its last extension, as better-auth does", async () => {
    const user = await server.signUp();
    const now = new Date();
    // Last extended two days ago: it expires five days from now.
    const stale = new Date(now.getTime() + SESSION_EXPIRES_IN_SECONDS * 1000 - 2 * DAY_MS);
    await database.db
      .update(sessions)
      .set({ expiresAt: stale })
      .where(eq(sessions.userId, user.userId));

    const caller = await authenticate(server.deps, new Headers({ cookie: user.cookie }), now);

    expect(caller.kind).toBe("user");
    const [session] = await database.db
      .select({ expiresAt: sessions.expiresAt })
      .from(sessions)
      .where(eq(sessions.userId, user.userId));
    expect(session?.expiresAt.getTime()).toBeGreaterThan(stale.getTime() + DAY_MS);
  });

  it("leaves a session used within a day of its last extension as it is", async () => {
    const user = await server.signUp();
    const [before] = await database.db
      .select({ expiresAt: sessions.expiresAt })
      .from(sessions)
      .where(eq(sessions.userId, user.userId));
    await authenticate(server.deps, new Headers({ cookie: user.cookie }), new Date());
    const [after] = await database.db
      .select({ expiresAt: sessions.expiresAt })
      .from(sessions)
      .where(eq(sessions.userId, user.userId));
    expect(after?.expiresAt).toEqual(before?.expiresAt);
  });
});
