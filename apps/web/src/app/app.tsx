import { lazy, Suspense } from "react";
import { Navigate, Route, Routes } from "react-router";
import { authClient, isPlatformAdmin } from "../lib/auth-client";
import { LoadingState } from "../ui/query-states";
import { AppShell } from "./app-shell";
import { SessionProvider } from "./session";

// Each page is its own chunk, so the first paint downloads only the page it shows.
const SignInPage = lazy(() => import("../pages/sign-in-page"));
const OverviewPage = lazy(() => import("../pages/overview-page"));
const UsagePage = lazy(() => import("../pages/usage-page"));
const ModulesPage = lazy(() => import("../pages/modules-page"));
const PlansPage = lazy(() => import("../pages/plans-page"));
const BillingPage = lazy(() => import("../pages/billing-page"));
const AlertsPage = lazy(() => import("../pages/alerts-page"));
const AdminPage = lazy(() => import("../pages/admin-page"));
const NotFoundPage = lazy(() => import("../pages/not-found-page"));

function PageFallback() {
  return (
    <div className="mx-auto max-w-6xl p-6">
      <LoadingState label="the page" />
    </div>
  );
}

export function App() {
  const session = authClient.useSession();

  if (session.isPending) return <PageFallback />;

  if (!session.data) {
    return (
      <Suspense fallback={<PageFallback />}>
        <Routes>
          <Route path="/sign-in" element={<SignInPage mode="sign-in" />} />
          <Route path="/sign-up" element={<SignInPage mode="sign-up" />} />
          <Route path="*" element={<Navigate to="/sign-in" replace />} />
        </Routes>
      </Suspense>
    );
  }

  const { user } = session.data;
  return (
    <SessionProvider
      value={{
        userId: user.id,
        name: user.name,
        email: user.email,
        isAdmin: isPlatformAdmin(user),
      }}
    >
      <AppShell>
        <Suspense fallback={<LoadingState label="the page" />}>
          <Routes>
            <Route path="/" element={<OverviewPage />} />
            <Route path="/usage" element={<UsagePage />} />
            <Route path="/modules" element={<ModulesPage />} />
            <Route path="/plans" element={<PlansPage />} />
            <Route path="/billing" element={<BillingPage />} />
            <Route path="/alerts" element={<AlertsPage />} />
            <Route path="/admin" element={<AdminPage />} />
            <Route path="/sign-in" element={<Navigate to="/" replace />} />
            <Route path="/sign-up" element={<Navigate to="/" replace />} />
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Suspense>
      </AppShell>
    </SessionProvider>
  );
}
