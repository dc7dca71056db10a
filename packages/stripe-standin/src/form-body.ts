import { invalidRequest } from "./errors";

/** One decoded parameter: a string, or a map for bracketed names (`metadata[k]`, `expand[0]`). */
export type FormValue = string | FormMap;
export interface FormMap {
  [key: string]: FormValue;
}

const maxDepth = 8;
const maxPairs = 1000;

/**
 * Parses `application/x-www-form-urlencoded` text with Stripe's bracket encoding into nested
 * maps. Arrays stay maps keyed by index (`expand[0]`, or `expand[]` which appends) so that a
 * metadata key that happens to be numeric is never mistaken for an array; readers convert.
 * Maps are prototype-less so a key such as `__proto__` is plain data.
 */
export function parseFormBody(text: string): FormMap {
  const root = emptyMap();
  if (text === "") {
    return root;
  }
  const pairs = text.split("&");
  if (pairs.length > maxPairs) {
    throw invalidRequest(`Too many parameters (more than ${maxPairs}).`);
  }
  const seen = new Set<string>();
  for (const pair of pairs) {
    if (pair === "") {
      continue;
    }
    const equals = pair.indexOf("=");
    const rawName = equals === -1 ? pair : pair.slice(0, equals);
    const rawValue = equals === -1 ? "" : pair.slice(equals + 1);
    const name = decodeComponent(rawName);
    const value = decodeComponent(rawValue);
    const path = splitName(name);
    const canonical = assign(root, path, value, name);
    if (seen.has(canonical)) {
      throw invalidRequest(`Received the parameter ${name} more than once.`, name);
    }
    seen.add(canonical);
  }
  return root;
}

/** A stable text for a parsed body: the same parameters in any order give the same text. */
export function canonicalForm(value: FormValue): string {
  if (typeof value === "string") {
    return JSON.stringify(value);
  }
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalForm(value[key] ?? "")}`).join(",")}}`;
}

export function emptyMap(): FormMap {
  return Object.create(null) as FormMap;
}

function decodeComponent(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    throw invalidRequest(`Invalid percent-encoding in request body: ${raw.slice(0, 100)}`);
  }
}

/** `a[b][0]` -> ["a", "b", "0"]; `a[]` -> ["a", ""] where "" means "append". */
function splitName(name: string): string[] {
  const open = name.indexOf("[");
  const base = open === -1 ? name : name.slice(0, open);
  if (base === "") {
    throw invalidRequest(`Invalid parameter name: '${name}'`, name);
  }
  const parts = [base];
  let rest = open === -1 ? "" : name.slice(open);
  while (rest !== "") {
    const match = /^\[([^[\]]*)\]/.exec(rest);
    if (match === null) {
      throw invalidRequest(`Invalid parameter name: '${name}'`, name);
    }
    parts.push(match[1] ?? "");
    rest = rest.slice(match[0].length);
  }
  if (parts.length > maxDepth) {
    throw invalidRequest(`Parameter nested too deeply: '${name}'`, name);
  }
  return parts;
}

/** Stores `value` at `path`, returning the canonical name (appends resolved to indexes). */
function assign(root: FormMap, path: string[], value: string, name: string): string {
  let node = root;
  const resolved: string[] = [];
  for (let index = 0; index < path.length; index += 1) {
    const segment = path[index] ?? "";
    const key = segment === "" && index > 0 ? String(Object.keys(node).length) : segment;
    resolved.push(key);
    const last = index === path.length - 1;
    const existing = node[key];
    if (last) {
      if (existing !== undefined && typeof existing !== "string") {
        throw invalidRequest(`Parameter ${name} is both a value and a hash.`, name);
      }
      if (existing === undefined) {
        node[key] = value;
      }
      break;
    }
    if (existing === undefined) {
      const child = emptyMap();
      node[key] = child;
      node = child;
    } else if (typeof existing === "string") {
      throw invalidRequest(`Parameter ${name} is both a value and a hash.`, name);
    } else {
      node = existing;
    }
  }
  const [first, ...others] = resolved;
  return `${first}${others.map((part) => `[${part}]`).join("")}`;
}
