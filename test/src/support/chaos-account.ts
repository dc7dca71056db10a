import { accountMembers, type Database } from "@tally/db";
import { setLimitOverride } from "@tally/metering";
import { coaching } from "@tally/tier-config";
import { eq } from "drizzle-orm";

/**
 * Signs a person up through the server (as the dashboard does) and gives their account a hard
 * limit of `allowance` coach calls, so the chaos load runs into a limit that must hold.
 */
export async function signUpWithCoachCalls(
  baseUrl: string,
  db: Database,
  { email, allowance }: { email: string; allowance: number },
): Promise<{ cookie: string; accountId: string }> {
  const response = await fetch(`${baseUrl}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ email, password: "chaos-password-2026", name: "Chaos" }),
  });
  if (response.status !== 200) {
    throw new Error(`sign-up answered ${response.status}: ${await response.text()}`);
  }
  const { user } = (await response.json()) as { user: { id: string } };
  const cookie = response.headers
    .getSetCookie()
    .find((value) => value.startsWith("better-auth.session_token="))
    ?.split(";")[0];
  if (cookie === undefined) throw new Error("sign-up set no session cookie");
  const [member] = await db
    .select({ accountId: accountMembers.accountId })
    .from(accountMembers)
    .where(eq(accountMembers.userId, user.id));
  if (member === undefined) throw new Error("sign-up created no account");
  await setLimitOverride(db, coaching, {
    accountId: member.accountId,
    meterId: "coach_calls",
    allowance,
    reason: "chaos test",
    actor: { userId: null, isAdmin: true },
  });
  return { cookie, accountId: member.accountId };
}
