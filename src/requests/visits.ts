import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";

/** The services that need a visit (data/dialogue/visits.yaml): their requests always ask the address. */
const VISITS_FILE = new URL("../../data/dialogue/visits.yaml", import.meta.url);
const schema = z.object({ visitServices: z.array(z.string()).min(1) });

let visits: ReadonlySet<string> | undefined;
/** Whether help with this service comes to the person (their address is needed). */
export function needsVisit(serviceId: string | undefined): boolean {
  visits ??= new Set(schema.parse(parse(readFileSync(VISITS_FILE, "utf8"))).visitServices);
  return serviceId !== undefined && visits.has(serviceId);
}
