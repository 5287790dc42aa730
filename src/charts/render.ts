// Charts are Vega-Lite specs rendered without a browser: vega-lite compiles the spec, vega draws it
// to SVG headlessly (renderer "none"), and resvg turns SVG into PNG for Telegram. Everything here
// ships inside npm packages; nothing is downloaded at run time.
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import * as vegaLite from "vega-lite";

export type VegaLiteSpec = vegaLite.TopLevelSpec;

export async function chartToSvg(spec: VegaLiteSpec): Promise<string> {
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** PNG bytes of an SVG; `width` scales the picture (Telegram shows photos up to ~1280 px wide). */
export function svgToPng(svg: string, width?: number): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: width ? { mode: "width", value: width } : { mode: "original" },
    background: "white",
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
  });
  return resvg.render().asPng();
}

export async function chartToPng(spec: VegaLiteSpec, width?: number): Promise<Buffer> {
  return svgToPng(await chartToSvg(spec), width);
}
