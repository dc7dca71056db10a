import { describe, expect, it } from "vitest";
import { bannerAlerts } from "./banner-alerts";

const current = new Map([["ai_voice_seconds", "2026-11-11T00:00:00.000Z"]]);

function alert(id: string, kind: string, meterId: string | null, periodStart: string) {
  return { id, kind: kind as "usage_threshold", meterId, periodStart };
}

describe("overview banners", () => {
  it("shows one banner per meter, saying the newest alert, and dismisses them all", () => {
    const banners = bannerAlerts(
      [
        alert("c", "overage_started", "ai_voice_seconds", "2026-11-11T00:00:00.000Z"),
        alert("b", "usage_threshold", "ai_voice_seconds", "2026-11-11T00:00:00.000Z"),
      ],
      current,
    );
    expect(banners).toHaveLength(1);
    expect(banners[0]?.alert.id).toBe("c");
    expect(banners[0]?.ids).toEqual(["c", "b"]);
  });

  it("leaves earlier periods' alerts to the Alerts page", () => {
    expect(
      bannerAlerts(
        [alert("a", "usage_threshold", "ai_voice_seconds", "2026-10-11T00:00:00.000Z")],
        current,
      ),
    ).toEqual([]);
  });

  it("always shows a failed payment", () => {
    const banners = bannerAlerts(
      [alert("p", "payment_failed", null, "2026-10-11T00:00:00.000Z")],
      current,
    );
    expect(banners.map((banner) => banner.alert.id)).toEqual(["p"]);
  });
});
