import { createHash } from "node:crypto";

/**
 * UUIDv5 (RFC 9562 §5.5): a name-based UUID, the same for the same name, so a re-export keeps every
 * HSDS id. The export names things by our own ids (`service:zhytomyr/zt-territorial-centre/home-care`).
 */

/** The project's namespace for HSDS ids. Never change it: every published id depends on it. */
export const HROMADA_HELP_NAMESPACE = "5b0c4a8e-3f1d-4c7a-9e2b-6d8f0a1c2e34";

function bytesOf(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, "");
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a UUID: ${uuid}`);
  return Buffer.from(hex, "hex");
}

export function uuidV5(name: string, namespace: string = HROMADA_HELP_NAMESPACE): string {
  const hash = createHash("sha1").update(bytesOf(namespace)).update(name, "utf8").digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
