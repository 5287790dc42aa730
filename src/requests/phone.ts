/**
 * A resident's phone number as typed or shared: "067 123 45 67", "+38 (067) 123-45-67", "380671234567",
 * "0412 48 12 12" → +380XXXXXXXXX. Relatives abroad may leave their own number with its country code
 * ("+48 601 234 567" → +48601234567), except Russian and Kazakh ones (+7): calls there are blocked from
 * Ukraine. Null for anything that cannot be called back.
 */
export function normalizeResidentPhone(input: string): string | null {
  const trimmed = input.trim();
  if (!/^\+?[\d\s().-]{9,20}$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, "");
  let national: string | undefined;
  if (trimmed.startsWith("+") && !digits.startsWith("380")) {
    return /^[1-689]\d{7,14}$/.test(digits) && !digits.startsWith("38") ? `+${digits}` : null;
  }
  if (/^380\d{9}$/.test(digits)) national = digits.slice(3);
  else if (/^80\d{9}$/.test(digits)) national = digits.slice(2);
  else if (/^0\d{9}$/.test(digits)) national = digits.slice(1);
  if (!national || !/^[1-9]\d{8}$/.test(national)) return null;
  return `+380${national}`;
}

// Mobile operators' codes and Kyiv's have two digits; other cities' area codes three (Zhytomyr 412).
const TWO_DIGIT_CODES = /^(39|50|63|66|67|68|73|89|9\d|44)/;

/** +380671234567 → +380 67 123 45 67, +380412481212 → +380 412 48 12 12: the way it is read aloud. */
export function formatPhone(international: string): string {
  const national = /^\+380(\d{9})$/.exec(international)?.[1];
  if (!national) return international;
  const match = TWO_DIGIT_CODES.test(national)
    ? /^(\d{2})(\d{3})(\d{2})(\d{2})$/.exec(national)
    : /^(\d{3})(\d{2})(\d{2})(\d{2})$/.exec(national);
  return `+380 ${match!.slice(1).join(" ")}`;
}
