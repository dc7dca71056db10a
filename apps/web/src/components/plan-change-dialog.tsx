import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { CurrentSubscription } from "../lib/api-types";
import { describePlanAction, type PlanAction } from "../lib/plan-change";
import { useTRPC } from "../lib/trpc";
import { errorMessage } from "../lib/trpc-error";
import type { CatalogData } from "../lib/use-catalog";
import { ConfirmDialog } from "../ui/dialog";

/**
 * Confirms an upgrade, downgrade, cancel or resume, stating what happens and when, then makes
 * the change and refetches everything (meters, modules, plans) so the page updates in place.
 */
export function PlanChangeDialog({
  action,
  catalog,
  subscription,
  onClose,
  onDone,
}: {
  action: PlanAction | null;
  catalog: CatalogData;
  subscription: CurrentSubscription;
  onClose: () => void;
  onDone?: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = {
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      onDone?.();
      onClose();
    },
  };
  const upgrade = useMutation(trpc.subscription.upgrade.mutationOptions(options));
  const downgrade = useMutation(trpc.subscription.downgrade.mutationOptions(options));
  const cancel = useMutation(trpc.subscription.cancel.mutationOptions(options));
  const resume = useMutation(trpc.subscription.resume.mutationOptions(options));
  const mutations = [upgrade, downgrade, cancel, resume];
  const busy = mutations.some((mutation) => mutation.isPending);
  const failed = mutations.find((mutation) => mutation.isError);

  if (action === null) return null;

  const { freePlan } = catalog.description;
  const text = describePlanAction(
    catalog.catalog,
    {
      planId: subscription.plan.id,
      periodEnd: subscription.currentPeriod.end,
      freePlanName: catalog.planNames.get(freePlan) ?? freePlan,
    },
    action,
  );

  function close() {
    for (const mutation of mutations) mutation.reset();
    onClose();
  }

  function confirm() {
    if (action === null) return;
    switch (action.kind) {
      case "upgrade":
        upgrade.mutate({ planId: action.planId, interval: action.interval });
        return;
      case "downgrade":
        downgrade.mutate({ planId: action.planId, interval: action.interval });
        return;
      case "cancel":
        cancel.mutate();
        return;
      case "resume":
        resume.mutate();
        return;
    }
  }

  return (
    <ConfirmDialog
      open
      title={text.title}
      confirmLabel={text.confirmLabel}
      tone={action.kind === "cancel" ? "danger" : "primary"}
      busy={busy}
      error={failed ? errorMessage(failed.error) : undefined}
      onConfirm={confirm}
      onClose={close}
    >
      {text.body.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </ConfirmDialog>
  );
}
