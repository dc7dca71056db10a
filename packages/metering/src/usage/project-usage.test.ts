import { describe, expect, it } from "vitest";
import { type ProjectUsageInput, projectUsage } from "./project-usage";

const period = { start: new Date("2026-03-01T00:00:00Z"), end: new Date("2026-03-31T00:00:00Z") };
const base: ProjectUsageInput = {
  used: 100,
  period,
  now: new Date("2026-03-11T00:00:00Z"),
  lifetime: false,
  unlimited: false,
  hardLimit: null,
};

describe("projectUsage", () => {
  it.each<[string, Partial<ProjectUsageInput>, number]>([
    ["a third of the period gone: three times the usage", {}, 300],
    ["half gone", { now: new Date("2026-03-16T00:00:00Z") }, 200],
    ["rounds down", { used: 7, now: new Date("2026-03-14T00:00:00Z") }, 16],
    ["the period just began: only what is used", { now: period.start }, 100],
    ["nothing used projects nothing", { used: 0 }, 0],
    ["a one-time allowance has no end to project to", { lifetime: true }, 100],
    ["an unlimited meter is not projected", { unlimited: true }, 100],
    ["never beyond the hard limit usage cannot pass", { hardLimit: 250 }, 250],
    [
      "exact with seconds × milliseconds beyond 2^53",
      { used: 9_000_000_000, now: new Date("2026-03-01T00:00:01Z") },
      9_000_000_000 * 2_592_000,
    ],
  ])("%s", (_name, input, projected) => {
    expect(projectUsage({ ...base, ...input })).toBe(projected);
  });
});
