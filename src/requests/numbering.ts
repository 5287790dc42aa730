import type { Prisma } from "../generated/prisma/client.ts";

/** ЖТ-2026-00042: community prefix, year, a sequence per community and year. Easy to read out on the phone. */
export function formatRequestNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(5, "0")}`;
}

/** The next sequence number, atomically (one statement), inside the caller's transaction. */
export async function nextSequence(tx: Prisma.TransactionClient, communityId: string, year: number): Promise<number> {
  const rows = await tx.$queryRaw<Array<{ last: number }>>`
    INSERT INTO request_counter (community_id, year, last) VALUES (${communityId}, ${year}, 1)
    ON CONFLICT (community_id, year) DO UPDATE SET last = request_counter.last + 1
    RETURNING last`;
  return Number(rows[0]!.last);
}
