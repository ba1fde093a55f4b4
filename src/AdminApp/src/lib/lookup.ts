const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A user id (UUID) looks up by userId, an email by email (case as typed); anything else: nothing. */
export function subscriberWhere(text: string): { userId: { eq: string } } | { email: { eq: string } } | undefined {
  const value = text.trim();
  if (uuid.test(value)) return { userId: { eq: value.toLowerCase() } };
  if (/^[^\s@]+@[^\s@]+$/.test(value)) return { email: { eq: value } };
  return undefined;
}
