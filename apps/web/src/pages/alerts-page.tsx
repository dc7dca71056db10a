import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { describeAlert } from "../lib/alert-text";
import { formatTime } from "../lib/format";
import { useTRPC } from "../lib/trpc";
import { errorMessage } from "../lib/trpc-error";
import { type CatalogMeter, useCatalog } from "../lib/use-catalog";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card, CardHeader } from "../ui/card";
import { TextField } from "../ui/field";
import { PageHeader } from "../ui/page-header";
import { EmptyState, QueryView } from "../ui/query-states";

export default function AlertsPage() {
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Tally alerts you as a meter crosses its thresholds (80% and 100% unless your plan says otherwise), when overage starts, and when a payment fails."
      />
      <div className="space-y-6">
        <AlertList />
        <WebhookSettings />
      </div>
    </>
  );
}

function AlertList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const catalog = useCatalog();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const alerts = useQuery(trpc.alerts.list.queryOptions({ unreadOnly, limit: 100 }));
  const markRead = useMutation(
    trpc.alerts.markRead.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() }),
    }),
  );
  const meters = catalog.data?.metersById ?? new Map<string, CatalogMeter>();
  const unreadIds = (alerts.data ?? []).filter((alert) => alert.readAt === null).map((a) => a.id);

  return (
    <Card>
      <CardHeader
        title="Your alerts"
        action={
          <div className="flex flex-wrap items-center gap-3">
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                checked={unreadOnly}
                onChange={(event) => setUnreadOnly(event.target.checked)}
                className="size-4 rounded border-slate-300 text-brand-600"
              />
              Unread only
            </label>
            <Button
              size="sm"
              variant="secondary"
              disabled={unreadIds.length === 0}
              busy={markRead.isPending}
              onClick={() => markRead.mutate({ ids: unreadIds })}
            >
              Mark all read
            </Button>
          </div>
        }
      />
      <div className="p-5">
        {markRead.isError && (
          <p role="alert" className="mb-3 text-sm text-red-700">
            {errorMessage(markRead.error)}
          </p>
        )}
        <QueryView
          query={alerts}
          label="alerts"
          isEmpty={(data) => data.length === 0}
          empty={
            <EmptyState title={unreadOnly ? "No unread alerts" : "No alerts yet"}>
              You will see an alert here when a meter reaches a threshold.
            </EmptyState>
          }
        >
          {(data) => (
            <ul className="divide-y divide-slate-100" data-testid="alert-list">
              {data.map((alert) => {
                const text = describeAlert(alert, meters);
                const unread = alert.readAt === null;
                return (
                  <li
                    key={alert.id}
                    data-testid="alert-item"
                    data-kind={alert.kind}
                    data-read={!unread}
                    className="flex flex-wrap items-start justify-between gap-3 py-3"
                  >
                    <div className="flex min-w-0 gap-3">
                      <span
                        aria-hidden="true"
                        className={`mt-1.5 size-2 shrink-0 rounded-full ${
                          unread
                            ? text.tone === "danger"
                              ? "bg-red-500"
                              : "bg-amber-500"
                            : "bg-slate-200"
                        }`}
                      />
                      <div className="min-w-0">
                        <p
                          className={`text-sm ${unread ? "font-semibold text-slate-900" : "text-slate-700"}`}
                        >
                          {text.title}
                          {unread && <span className="sr-only"> (unread)</span>}
                        </p>
                        <p className="text-sm text-slate-500">{text.detail}</p>
                        <p className="mt-1 text-xs text-slate-400">
                          {formatTime(alert.createdAt)}
                          {alert.deliveredAt && " · sent to your webhook"}
                        </p>
                      </div>
                    </div>
                    {unread ? (
                      <Button
                        size="sm"
                        variant="ghost"
                        disabled={markRead.isPending}
                        onClick={() => markRead.mutate({ ids: [alert.id] })}
                      >
                        Mark read<span className="sr-only">: {text.title}</span>
                      </Button>
                    ) : (
                      <Badge>Read</Badge>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </QueryView>
      </div>
    </Card>
  );
}

function WebhookSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const webhook = useQuery(trpc.alerts.webhook.queryOptions());
  const [draft, setDraft] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const onSaved = (result: { secret: string | null }) => {
    setSecret(result.secret);
    setDraft(null);
    return queryClient.invalidateQueries({ queryKey: trpc.alerts.webhook.queryKey() });
  };
  const save = useMutation(trpc.alerts.setWebhook.mutationOptions({ onSuccess: onSaved }));
  const rotate = useMutation(
    trpc.alerts.rotateWebhookSecret.mutationOptions({ onSuccess: onSaved }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const url = (draft ?? webhook.data?.url ?? "").trim();
    save.mutate({ url: url === "" ? null : url });
  }

  const failure = save.error ?? rotate.error;

  return (
    <Card>
      <CardHeader
        title="Webhook"
        description="Tally POSTs every alert, signed with your secret, to this URL."
      />
      <div className="p-5">
        <QueryView query={webhook} label="the webhook setting" loadingRows={1}>
          {(data) => (
            <form onSubmit={submit} className="space-y-4">
              <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
                <TextField
                  className="flex-1"
                  label="Webhook URL"
                  type="url"
                  name="webhook-url"
                  placeholder="https://example.com/hooks/tally"
                  value={draft ?? data.url ?? ""}
                  onChange={(event) => setDraft(event.target.value)}
                  hint="Leave empty and save to stop sending alerts."
                  error={failure ? errorMessage(failure) : undefined}
                />
                <div className="flex gap-2 sm:mb-5">
                  <Button type="submit" busy={save.isPending}>
                    Save
                  </Button>
                  {data.url && (
                    <Button
                      variant="secondary"
                      busy={rotate.isPending}
                      onClick={() => rotate.mutate()}
                    >
                      Rotate secret
                    </Button>
                  )}
                </div>
              </div>
              {data.url && !secret && (
                <p className="text-sm text-slate-500">
                  {data.hasSecret
                    ? "A signing secret is set. It was shown once when it was created."
                    : "No signing secret yet."}
                </p>
              )}
              {secret && (
                <div
                  role="status"
                  data-testid="webhook-secret"
                  className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
                >
                  <p className="font-medium">
                    Copy your signing secret now; it is shown only once.
                  </p>
                  <code className="mt-1 block break-all font-mono text-xs">{secret}</code>
                </div>
              )}
            </form>
          )}
        </QueryView>
      </div>
    </Card>
  );
}
