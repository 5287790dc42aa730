import { describe, expect, it } from "vitest";
import { chartToPng, chartToSvg } from "../../src/charts/render.js";

const spec = {
  data: { values: [{ week: "01.11", requests: 3 }, { week: "08.11", requests: 7 }] },
  mark: "bar",
  encoding: {
    x: { field: "week", type: "nominal", title: "Тиждень" },
    y: { field: "requests", type: "quantitative", title: "Звернення" },
  },
} as const;

describe("chart rendering", () => {
  it("draws a Vega-Lite spec to SVG with its labels", async () => {
    const svg = await chartToSvg(spec);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("Тиждень");
    expect(svg).toContain("08.11");
  });

  it("turns it into a PNG of the asked width", async () => {
    const png = await chartToPng(spec, 800);
    expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(800);
  });
});
