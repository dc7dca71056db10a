/** The Tally mark: three rising bars on the brand colour. Decorative; the name sits beside it. */
export function LogoMark({ size = "sm" }: { size?: "sm" | "lg" }) {
  const box = size === "lg" ? "size-11 rounded-xl shadow-sm" : "size-7 rounded-lg";
  const glyph = size === "lg" ? "size-7" : "size-5";
  return (
    <span aria-hidden="true" className={`grid place-items-center bg-brand-700 text-white ${box}`}>
      <svg viewBox="0 0 32 32" className={glyph} fill="none" role="presentation">
        <path
          d="M9 22V10m7 12V14m7 8v-5"
          stroke="currentColor"
          strokeWidth="3"
          strokeLinecap="round"
        />
      </svg>
    </span>
  );
}
