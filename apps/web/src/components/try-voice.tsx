import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC, useTRPCClient } from "../lib/trpc";
import { errorMessage, type LimitRefusal, readLimitRefusal } from "../lib/trpc-error";
import { Button } from "../ui/button";
import { LimitHint } from "./limit-hint";

const TRY_SECONDS = 300;

type Outcome =
  | { kind: "recorded"; decision: "allow" | "warn" | "block"; percent: number | null }
  | { kind: "refused"; refusal: LimitRefusal }
  | { kind: "failed"; message: string };

/**
 * A demo of the product's own metered procedures: start an AI voice session (refused when no
 * minutes remain), then end it after five minutes, which records the measured seconds.
 */
export function TryVoice({ planNames }: { planNames: ReadonlyMap<string, string> }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const run = useMutation({
    mutationFn: async () => {
      const session = await client.voice.startSession.mutate();
      return client.voice.endSession.mutate({
        sessionId: session.sessionId,
        seconds: TRY_SECONDS,
      });
    },
    onSuccess: (result) => {
      setOutcome({
        kind: "recorded",
        decision: result.usage.decision,
        percent: result.usage.percent,
      });
    },
    onError: (error) => {
      const refusal = readLimitRefusal(error);
      setOutcome(
        refusal ? { kind: "refused", refusal } : { kind: "failed", message: errorMessage(error) },
      );
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.usage.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() }),
      ]),
  });

  return (
    <div
      data-testid="try-voice"
      className="rounded-xl border border-dashed border-brand-200 bg-brand-50/50 p-4"
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <p className="text-sm font-semibold text-slate-900">Try it: use 5 AI voice minutes</p>
          <p className="text-sm text-slate-600">
            Runs a real voice session through the metered API and records 5 minutes.
          </p>
        </div>
        <Button variant="secondary" onClick={() => run.mutate()} busy={run.isPending}>
          Use 5 minutes
        </Button>
      </div>
      <div aria-live="polite" className="mt-3 empty:hidden">
        {outcome?.kind === "recorded" && (
          <p data-testid="try-voice-result" className="text-sm text-slate-700">
            Recorded 5 minutes. {outcome.decision === "allow" && "You are within your allowance."}
            {outcome.decision === "warn" &&
              ((outcome.percent ?? 0) >= 100
                ? "That used up your included minutes."
                : `You have used ${outcome.percent ?? 0}% of your minutes.`)}
            {outcome.decision === "block" &&
              "Your minutes are used up; the next session will be refused."}
          </p>
        )}
        {outcome?.kind === "refused" && (
          <LimitHint refusal={outcome.refusal} planNames={planNames} />
        )}
        {outcome?.kind === "failed" && (
          <p role="alert" className="text-sm text-red-700">
            {outcome.message}
          </p>
        )}
      </div>
    </div>
  );
}
