/**
 * One figure with its label, as a `<dt>`/`<dd>` pair inside the caller's `<dl>`: the billing
 * summary and the admin's weekly report. `card` is a bordered surface of its own; `inset` is a
 * tinted box inside a card.
 */
export function Stat({
  label,
  value,
  surface,
}: {
  label: string;
  value: string;
  surface: "card" | "inset";
}) {
  const box =
    surface === "card"
      ? "rounded-xl border border-slate-200 bg-white p-5 shadow-[0_1px_2px_rgb(15_23_42/0.04)]"
      : "rounded-lg bg-slate-50 p-4";
  return (
    <div className={box}>
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tracking-tight tabular-nums">{value}</dd>
    </div>
  );
}
