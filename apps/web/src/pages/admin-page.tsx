import { useState } from "react";
import { Link } from "react-router";
import { useSessionInfo } from "../app/session";
import { AccountDetail } from "../components/admin/account-detail";
import { AccountFinder } from "../components/admin/account-finder";
import { PlatformStats } from "../components/admin/platform-stats";
import { PageHeader } from "../ui/page-header";

export default function AdminPage() {
  const session = useSessionInfo();
  const [accountId, setAccountId] = useState<string | null>(null);

  if (!session.isAdmin) {
    return (
      <div data-testid="admin-not-allowed" className="mx-auto max-w-md py-16 text-center">
        <p className="text-sm font-semibold text-red-700">403</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">Not allowed</h1>
        <p className="mt-2 text-sm text-slate-500">
          The Admin area is for platform operators. If you need an account changed, contact support.
        </p>
        <Link
          to="/"
          className="mt-6 inline-flex h-10 items-center rounded-lg bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700"
        >
          Back to overview
        </Link>
      </div>
    );
  }

  return (
    <>
      <PageHeader
        title="Admin"
        description="Find an account, change its plan or limits (always with a reason), and watch the platform."
      />
      <div className="space-y-6">
        <AccountFinder selectedId={accountId} onSelect={setAccountId} />
        {accountId && <AccountDetail accountId={accountId} />}
        <PlatformStats />
      </div>
    </>
  );
}
