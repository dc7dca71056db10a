/** A tRPC-over-HTTP client as a plain service would write it: fetch, JSON, headers. */
export interface TrpcClient {
  mutation(path: string, input: unknown, headers?: Record<string, string>): Promise<unknown>;
  query(path: string, input: unknown, headers?: Record<string, string>): Promise<unknown>;
}

export function trpcClient(baseUrl: string): TrpcClient {
  async function parse(path: string, response: Response): Promise<unknown> {
    const text = await response.text();
    if (response.status !== 200) {
      throw new Error(`${path} answered ${response.status}: ${text.slice(0, 300)}`);
    }
    return (JSON.parse(text) as { result: { data: unknown } }).result.data;
  }
  return {
    mutation: async (path, input, headers = {}) =>
      parse(
        path,
        await fetch(`${baseUrl}/trpc/${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify(input),
        }),
      ),
    query: async (path, input, headers = {}) => {
      const search =
        input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
      return parse(path, await fetch(`${baseUrl}/trpc/${path}${search}`, { headers }));
    },
  };
}

export interface SignedInUser {
  email: string;
  userId: string;
  cookie: string;
}

/** Signs up through better-auth, exactly as the dashboard does, and keeps the session cookie. */
export async function signUp(baseUrl: string, email: string): Promise<SignedInUser> {
  const response = await fetch(`${baseUrl}/api/auth/sign-up/email`, {
    method: "POST",
    // better-auth refuses a sign-up without an Origin, as a browser would send.
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ email, password: "benchmark-password-2026", name: email }),
  });
  if (response.status !== 200) {
    throw new Error(`sign-up of ${email} answered ${response.status}: ${await response.text()}`);
  }
  const body = (await response.json()) as { user: { id: string } };
  const cookie = response.headers
    .getSetCookie()
    .find((value) => value.startsWith("better-auth.session_token="))
    ?.split(";")[0];
  if (cookie === undefined) throw new Error(`sign-up of ${email} set no session cookie`);
  return { email, userId: body.user.id, cookie };
}
