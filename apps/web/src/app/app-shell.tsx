import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { NavLink, useLocation } from "react-router";
import { AccountSwitcher } from "../components/account-switcher";
import { authClient } from "../lib/auth-client";
import { useTRPC } from "../lib/trpc";
import { LogoMark } from "../ui/logo";
import { useSessionInfo } from "./session";

interface NavItem {
  to: string;
  label: string;
  adminOnly?: boolean;
  needsAccount?: boolean;
}

const NAV: NavItem[] = [
  { to: "/", label: "Overview", needsAccount: true },
  { to: "/usage", label: "Usage", needsAccount: true },
  { to: "/modules", label: "Modules", needsAccount: true },
  { to: "/plans", label: "Plans", needsAccount: true },
  { to: "/billing", label: "Billing", needsAccount: true },
  { to: "/alerts", label: "Alerts", needsAccount: true },
  { to: "/admin", label: "Admin", adminOnly: true },
];

export function AppShell({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const session = useSessionInfo();
  const accounts = useQuery(trpc.accounts.list.queryOptions());
  const hasAccount = accounts.data === undefined || accounts.data.length > 0;
  const unread = useQuery({
    ...trpc.alerts.list.queryOptions({ unreadOnly: true, limit: 100 }),
    enabled: accounts.data !== undefined && accounts.data.length > 0,
  });
  const unreadCount = unread.data?.length ?? 0;
  const location = useLocation();

  const items = NAV.filter(
    (item) => (!item.adminOnly || session.isAdmin) && (!item.needsAccount || hasAccount),
  );

  async function signOut() {
    await authClient.signOut();
    // Nothing from this person's session may show to the next one.
    queryClient.clear();
  }

  return (
    <div className="min-h-dvh">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-lg focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/90 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-3 px-4 sm:px-6">
          <NavLink to="/" className="flex items-center gap-2 font-semibold tracking-tight">
            <LogoMark />
            Tally
          </NavLink>
          <div className="ml-auto flex min-w-0 items-center gap-2">
            <AccountSwitcher accounts={accounts.data} />
            <div className="hidden text-right text-xs leading-tight sm:block">
              <p className="font-medium text-slate-800">{session.name}</p>
              <p className="text-slate-500">{session.email}</p>
            </div>
            <button
              type="button"
              onClick={() => void signOut()}
              className="rounded-lg px-2.5 py-1.5 text-sm font-medium whitespace-nowrap text-slate-600 hover:bg-slate-100 hover:text-slate-900"
            >
              Sign out
            </button>
          </div>
        </div>
        {/* Below `sm` the tabs wrap onto a second line as pills, so every label shows whole
            without a sideways scroll nobody would guess at; from `sm` up they fit on one line. */}
        <nav aria-label="Main" className="mx-auto max-w-6xl px-2 sm:px-4">
          <ul className="flex flex-wrap gap-1 pb-2 sm:-mb-px sm:flex-nowrap sm:overflow-x-auto sm:pb-0">
            {items.map((item) => (
              <li key={item.to}>
                <NavLink
                  to={item.to}
                  end={item.to === "/"}
                  className={({ isActive }) =>
                    `relative flex items-center gap-1.5 whitespace-nowrap rounded-md px-2.5 py-1.5 text-sm font-medium transition-colors sm:rounded-none sm:border-b-2 sm:px-3 sm:py-2.5 ${
                      isActive
                        ? "bg-brand-50 text-brand-700 sm:border-brand-600 sm:bg-transparent"
                        : "text-slate-600 hover:bg-slate-100 hover:text-slate-900 sm:border-transparent sm:hover:border-slate-300 sm:hover:bg-transparent"
                    }`
                  }
                >
                  {item.label}
                  {item.to === "/alerts" && unreadCount > 0 && (
                    <span className="rounded-full bg-red-600 px-1.5 text-[11px] leading-4 font-semibold text-white">
                      {unreadCount}
                      <span className="sr-only"> unread</span>
                    </span>
                  )}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8">
        {!hasAccount && location.pathname !== "/admin" ? <NoAccount /> : children}
      </main>
    </div>
  );
}

function NoAccount() {
  const session = useSessionInfo();
  return (
    <div className="mx-auto max-w-md rounded-xl border border-slate-200 bg-white p-8 text-center">
      <h1 className="text-lg font-semibold">You are not a member of any account</h1>
      <p className="mt-2 text-sm text-slate-500">
        {session.isAdmin
          ? "Platform operators work from the Admin area."
          : "Ask an account owner to add you, then sign in again."}
      </p>
      {session.isAdmin && (
        <NavLink
          to="/admin"
          className="mt-4 inline-flex h-10 items-center rounded-lg bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700"
        >
          Open Admin
        </NavLink>
      )}
    </div>
  );
}
