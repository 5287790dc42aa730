/** ЖТ-2026-00042: community prefix, year, a sequence per community and year. Easy to read out on the phone. */
export function formatRequestNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(5, "0")}`;
}
