import { describe, expect, it } from "vitest";
import { StandinError } from "./errors";
import { canonicalForm, parseFormBody } from "./form-body";
import { ParamReader } from "./params";

function plain(text: string): unknown {
  return JSON.parse(JSON.stringify(parseFormBody(text)));
}

function refusal(run: () => unknown): StandinError {
  try {
    run();
  } catch (error) {
    if (error instanceof StandinError) {
      return error;
    }
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("parseFormBody", () => {
  it.each([
    ["empty body", "", {}],
    ["plain pairs", "a=1&b=two", { a: "1", b: "two" }],
    [
      "nested metadata",
      "metadata[tally_line_id]=l1&metadata[k]=v",
      { metadata: { tally_line_id: "l1", k: "v" } },
    ],
    ["indexed arrays", "expand[0]=a&expand[1]=b", { expand: { "0": "a", "1": "b" } }],
    ["appended arrays", "expand[]=a&expand[]=b", { expand: { "0": "a", "1": "b" } }],
    ["deep nesting", "a[b][c][0]=x", { a: { b: { c: { "0": "x" } } } }],
    ["plus is a space", "description=two+words", { description: "two words" }],
    [
      "percent-encoded brackets and unicode",
      "metadata%5Bk%5D=%E2%82%AC%20%26%3D",
      { metadata: { k: "€ &=" } },
    ],
    ["a value containing =", "a=b=c", { a: "b=c" }],
    ["a name without a value", "a", { a: "" }],
    ["empty pairs are skipped", "a=1&&b=2&", { a: "1", b: "2" }],
  ])("%s", (_name, text, expected) => {
    expect(plain(text)).toEqual(expected);
  });

  it("keeps __proto__ keys as plain data, off the prototype chain", () => {
    const metadata = parseFormBody("metadata[__proto__]=x").metadata;
    expect(typeof metadata === "object" && Object.entries(metadata)).toEqual([["__proto__", "x"]]);
    const parsed = parseFormBody("__proto__[polluted]=yes");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(parsed)).toBeNull();
  });

  it.each([
    ["malformed percent-encoding", "a=%E2%82"],
    ["unbalanced brackets", "a[b=1"],
    ["text after brackets", "a[b]c=1"],
    ["an empty name", "=1"],
    ["a value and a hash under one name", "metadata=x&metadata[k]=y"],
    ["a hash then a value under one name", "metadata[k]=y&metadata=x"],
    ["a repeated parameter", "a=1&a=2"],
    ["nesting deeper than 8 levels", "a[b][c][d][e][f][g][h][i]=1"],
  ])("refuses %s with a 400", (_name, text) => {
    expect(refusal(() => parseFormBody(text))).toMatchObject({
      status: 400,
      type: "invalid_request_error",
    });
  });

  it("gives the same canonical text for the same parameters in any order", () => {
    expect(canonicalForm(parseFormBody("b=2&a[y]=1&a[x]=0"))).toBe(
      canonicalForm(parseFormBody("a[x]=0&b=2&a[y]=1")),
    );
    expect(canonicalForm(parseFormBody("a=1"))).not.toBe(canonicalForm(parseFormBody("a=2")));
  });
});

describe("ParamReader", () => {
  it("reads arrays in index order and refuses unknown parameters by name", () => {
    const reader = new ParamReader(parseFormBody("expand[1]=b&expand[0]=a&period[start]=5&x=1"));
    expect(reader.stringArray("expand")).toEqual(["a", "b"]);
    const period = reader.nested("period");
    expect(period?.integer("start", 0, 10)).toBe(5);
    period?.finish();
    expect(refusal(() => reader.finish())).toMatchObject({ param: "x" });
  });

  it("names a nested unknown parameter with its full path", () => {
    const period = new ParamReader(parseFormBody("period[start]=1&period[oops]=2")).nested(
      "period",
    );
    period?.integer("start", 0, 10);
    expect(refusal(() => period?.finish())).toMatchObject({ param: "period[oops]" });
  });

  it.each(["12.5", "1e3", "", " 1", "0x10", "99999999999999999"])(
    "refuses %j as an integer",
    (value) => {
      const reader = new ParamReader(parseFormBody(`amount=${encodeURIComponent(value)}`));
      expect(refusal(() => reader.integer("amount", -1e9, 1e9))).toMatchObject({
        param: "amount",
      });
    },
  );

  it("enforces Stripe's metadata limits and drops empty values", () => {
    const long = "k".repeat(41);
    expect(
      refusal(() => new ParamReader(parseFormBody(`metadata[${long}]=v`)).metadata()),
    ).toMatchObject({ param: `metadata[${long}]` });
    expect(new ParamReader(parseFormBody("metadata[a]=&metadata[b]=2")).metadata()).toEqual({
      b: "2",
    });
    expect(new ParamReader(parseFormBody("metadata=")).metadata()).toEqual({});
    const fiftyOne = Array.from({ length: 51 }, (_, index) => `metadata[k${index}]=v`).join("&");
    expect(refusal(() => new ParamReader(parseFormBody(fiftyOne)).metadata())).toMatchObject({
      status: 400,
    });
  });
});
