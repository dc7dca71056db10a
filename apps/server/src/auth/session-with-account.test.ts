import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../testing/test-app";

let database: TestDatabase;
let server: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  server = createTestApp(database);
});

afterAll(() => database.drop());

/** `accounts.current` over HTTP, where the account is read in the same statement as the session. */
async function currentAccountOverHttp(cookie: string) {
  const response = await server.http("accounts.current", { headers: { cookie }, query: true });
  const body = (await response.json()) as {
    result?: { data: { account: { id: string }; role: string } };
    error?: { data: { code: string } };
  };
  return { status: response.status, body };
}

describe("the account read with the session (one request, one statement)", () => {
  it("acts on the active account while the user is a member, and on another at once after removal", async () => {
    const owner = await server.signUp();
    const colleague = await server.signUp();
    const ownerCaller = await server.callerOf(owner);
    await ownerCaller.accounts.addMember({ email: colleague.email, role: "member" });
    await (await server.callerOf(colleague)).accounts.switch({ accountId: owner.accountId });

    const before = await currentAccountOverHttp(colleague.cookie);
    expect(before.body.result?.data).toMatchObject({
      account: { id: owner.accountId },
      role: "member",
    });

    await ownerCaller.accounts.removeMember({ userId: colleague.userId });
    const after = await currentAccountOverHttp(colleague.cookie);
    expect(after.body.result?.data).toMatchObject({
      account: { id: colleague.accountId },
      role: "owner",
    });
  });

  it("answers the same account over HTTP as a server-side caller does", async () => {
    const user = await server.signUp();
    const overHttp = await currentAccountOverHttp(user.cookie);
    const direct = await (await server.callerOf(user)).accounts.current();
    expect(overHttp.status).toBe(200);
    expect(JSON.parse(JSON.stringify(direct))).toEqual(overHttp.body.result?.data);
  });
});
