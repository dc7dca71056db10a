import { createAuthClient } from "better-auth/react";

/** better-auth's endpoints live under /api/auth on the same origin as the dashboard. */
export const authClient = createAuthClient({ basePath: "/api/auth" });

/**
 * Whether the signed-in person is a platform operator. The server adds `role` to its users; the
 * client library does not know that field, so it is read defensively here.
 */
export function isPlatformAdmin(user: object | null | undefined): boolean {
  return user !== null && user !== undefined && "role" in user && user.role === "admin";
}
