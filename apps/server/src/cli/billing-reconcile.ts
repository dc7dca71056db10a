import { reconcile } from "@tally/billing";
import { openBillingContext } from "./billing-context";
import { CliUsageError, parseIsoDate, readOptions } from "./cli-args";
import { formatCents } from "./format-cents";
import { print, runCommand } from "./run-command";

const USAGE = `Usage: pnpm billing:reconcile --from <ISO date> --to <ISO date>

Compares every invoice line of the invoices whose period ends in [from, to) with the items
Stripe holds for them, and prints each difference. Needs STRIPE_SECRET_KEY.
Exit codes: 0 no drift; 1 drift found; 2 bad usage or setup.`;

async function main(): Promise<number> {
  const options = readOptions(process.argv.slice(2), ["from", "to"]);
  const from = parseIsoDate("from", options.from);
  const to = parseIsoDate("to", options.to);
  if (from >= to) throw new CliUsageError("--from must be before --to");
  const context = await openBillingContext(process.env);
  try {
    if (!context.gateway) {
      throw new CliUsageError("STRIPE_SECRET_KEY is not set: there is no Stripe to reconcile with");
    }
    const { checkedInvoices, drift } = await reconcile(context.database.db, context.gateway, {
      from,
      to,
    });
    print(
      `Checked ${checkedInvoices} sent invoice(s) with a period ending in [${from.toISOString()}, ${to.toISOString()}).`,
    );
    for (const entry of drift) {
      const amounts = `ledger ${entry.ledgerCents === null ? "-" : formatCents(entry.ledgerCents)}, stripe ${entry.stripeCents === null ? "-" : formatCents(entry.stripeCents)}`;
      print(
        `  ${entry.kind.padEnd(15)} invoice ${entry.invoiceId}  account ${entry.accountId}  line ${entry.lineId ?? "-"}  item ${entry.stripeInvoiceItemId ?? "-"}  ${amounts}`,
      );
    }
    print(
      drift.length === 0
        ? "No drift: Stripe matches the ledger to the cent."
        : `${drift.length} difference(s).`,
    );
    return drift.length === 0 ? 0 : 1;
  } finally {
    await context.database.close();
  }
}

runCommand("billing:reconcile", USAGE, main);
