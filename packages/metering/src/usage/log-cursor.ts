import { MeteringError } from "../errors";

// A cursor is the last id of a page, wrapped so that clients treat it as opaque and the format can
// change without breaking them: base64url of "v1:<id>".
const PREFIX = "v1:";

export function encodeLogCursor(id: number): string {
  return Buffer.from(`${PREFIX}${id}`, "utf8").toString("base64url");
}

export function decodeLogCursor(cursor: string): number {
  // Node decodes any string as base64url, skipping what does not belong, so check the alphabet.
  const wellFormed = typeof cursor === "string" && /^[A-Za-z0-9_-]+$/.test(cursor);
  const text = wellFormed ? Buffer.from(cursor, "base64url").toString("utf8") : "";
  const id = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new MeteringError("invalid_input", "cursor is not one this log handed out", {
      field: "cursor",
    });
  }
  return id;
}
