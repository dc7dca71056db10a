import { createContext, useContext } from "react";

export interface SessionInfo {
  userId: string;
  name: string;
  email: string;
  /** A platform operator: sees the Admin area. */
  isAdmin: boolean;
}

const SessionContext = createContext<SessionInfo | null>(null);

export const SessionProvider = SessionContext.Provider;

/** The signed-in person; only pages inside the signed-in shell call it. */
export function useSessionInfo(): SessionInfo {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSessionInfo is used outside the signed-in app");
  return session;
}
