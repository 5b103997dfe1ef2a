// Email and phone normalization: the keys for deduplication and the only forms we store in markers.

export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/**
 * To E.164. Numbers without a country code are read as Chinese (+86) by default, because most of
 * our candidates come from Chinese job boards that export bare 11-digit mobiles.
 * Returns undefined for something that cannot be a phone number.
 */
export function normalizePhone(raw: string, defaultCountryCode = "86"): string | undefined {
  const trimmed = raw.trim();
  const hasPlus = trimmed.startsWith("+");
  let digits = trimmed.replace(/[^\d]/g, "");
  if (!hasPlus && digits.startsWith("00")) digits = digits.slice(2);
  else if (!hasPlus) {
    if (defaultCountryCode === "86" && /^1\d{10}$/.test(digits)) digits = `86${digits}`;
    else if (digits.startsWith("0")) digits = `${defaultCountryCode}${digits.slice(1)}`;
    else if (!digits.startsWith(defaultCountryCode) || digits.length <= 10) digits = `${defaultCountryCode}${digits}`;
  }
  if (digits.length < 8 || digits.length > 15) return undefined;
  return `+${digits}`;
}
