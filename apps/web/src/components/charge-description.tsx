import { Badge } from "../ui/badge";

/**
 * A charge line's description as every line table shows it: the text, and a "capped" badge when
 * the line's overage stopped at its plan's cap, so a capped amount is never read as a full one.
 */
export function ChargeDescription({
  description,
  capped,
}: {
  description: string;
  capped: boolean;
}) {
  return (
    <>
      {description}
      {capped && (
        <span className="ml-2">
          <Badge tone="warning">capped</Badge>
        </span>
      )}
    </>
  );
}
