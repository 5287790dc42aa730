import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { z } from "zod";
import { PROVIDER_KINDS, RECIPIENT_CATEGORIES } from "../schema.ts";

/** data/hsds/vocabulary.yaml: what the HSDS export needs beyond the catalogue files. */

export const DEFAULT_VOCABULARY_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../data/hsds/vocabulary.yaml");

const text = z.string().trim().min(1);
const taxonomy = z.strictObject({ name: text, description: text, uri: z.url().optional(), version: text.optional() });

export const vocabularySchema = z.strictObject({
  version: z.literal(1),
  taxonomies: z.strictObject({ services: taxonomy, recipients: taxonomy, classifier: taxonomy }),
  classifier: z.record(text, z.strictObject({ code: text, name: text, source: z.url() })),
  recipientCategories: z.record(z.enum(RECIPIENT_CATEGORIES), text),
  providerKinds: z.record(z.enum(PROVIDER_KINDS), text),
  communities: z.record(text, z.strictObject({ region: text })),
});
export type HsdsVocabulary = z.infer<typeof vocabularySchema>;

let cached: HsdsVocabulary | undefined;

export function loadVocabulary(file: string = DEFAULT_VOCABULARY_FILE): HsdsVocabulary {
  if (file === DEFAULT_VOCABULARY_FILE && cached) return cached;
  const result = vocabularySchema.safeParse(parse(readFileSync(file, "utf8")));
  if (!result.success) {
    throw new Error(`${file}: ${result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`);
  }
  if (file === DEFAULT_VOCABULARY_FILE) cached = result.data;
  return result.data;
}
