/**
 * How fast the stand-in answers the real SDK on this machine: N invoice items created with
 * idempotency keys over C concurrent callers, then the same N replayed.
 * Run: npx tsx bench/throughput.ts [items=5000] [concurrency=10]
 */
import { startStripeStandin } from "../src/index";

const total = Number(process.argv[2] ?? 5000);
const concurrency = Number(process.argv[3] ?? 10);

const standin = await startStripeStandin();
const stripe = standin.stripe();
const customer = await stripe.customers.create({ name: "bench" });
const invoice = await stripe.invoices.create({ customer: customer.id });

async function run(label: string): Promise<void> {
  let next = 0;
  const latenciesMs: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const index = next;
        next += 1;
        const before = performance.now();
        await stripe.invoiceItems.create(
          {
            customer: customer.id,
            invoice: invoice.id,
            amount: 100 + index,
            currency: "usd",
            metadata: { tally_line_id: `line_${index}` },
          },
          { idempotencyKey: `tally:line:line_${index}` },
        );
        latenciesMs.push(performance.now() - before);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latenciesMs.sort((a, b) => a - b);
  const at = (q: number) => (latenciesMs[Math.floor(q * (latenciesMs.length - 1))] ?? 0).toFixed(2);
  console.log(
    `${label}: ${total} requests, ${concurrency} concurrent: ${Math.round(total / seconds)}/s, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`,
  );
}

await run("create");
await run("replay");
const finalized = await stripe.invoices.finalizeInvoice(invoice.id);
console.log(
  `finalized ${finalized.number}: ${standin.state().invoiceItems.length} items, total ${finalized.total} cents`,
);
await standin.close();
