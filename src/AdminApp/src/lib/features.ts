export type FeaturesCheck = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

/** Tier features are a flat JSON object: values are strings, numbers, booleans or null. */
export function validateFeaturesJson(text: string): FeaturesCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `Not valid JSON: ${(e as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, message: 'Features must be a JSON object, e.g. {"apiAccess": true}.' };
  }
  for (const [key, v] of Object.entries(value)) {
    if (!/^[a-z][A-Za-z0-9]*$/.test(key)) return { ok: false, message: `Feature key '${key}' must be camelCase (a lower-case letter followed by letters or digits).` };
    if (v !== null && typeof v === 'object') return { ok: false, message: `"${key}": nested objects and arrays are not allowed; use a string, number or boolean.` };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
