const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const formatInt = (n: number | null | undefined): string => (n == null ? '—' : integer.format(n));
export const formatUsd = (n: number | null | undefined): string => (n == null ? '—' : usd.format(n));

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-GB', { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

/** The browser's time zone and its current offset, e.g. "Europe/Paris (UTC+01:00)". */
export function timeZoneLabel(date: Date = new Date()): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'local time';
  return `${zone} (UTC${offsetOf(date)})`;
}

function offsetOf(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * A `datetime-local` value ("2026-12-01T09:00") read in the browser's time zone, as an instant with
 * its offset ("2026-12-01T09:00:00+01:00"); null for an empty or invalid value.
 */
export function localInputToOffsetIso(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (Number.isNaN(date.getTime()) || date.getMonth() !== Number(mo) - 1) return null;
  return `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${offsetOf(date)}`;
}

export const changeTypeLabels: Record<string, string> = {
  CREDIT_INCREASE: 'Credit increase',
  CREDIT_DECREASE: 'Credit decrease',
  PRICE_CHANGE: 'Price change',
  FEATURE_UPDATE: 'Feature update',
  ROLLOVER_CHANGE: 'Rollover change',
  ACTIVATION_CHANGE: 'Activation change',
  ROLLBACK: 'Rollback',
};

export const rolloutStatusLabels: Record<string, string> = {
  PENDING: 'Pending',
  RUNNING: 'Running',
  COMPLETED: 'Completed',
  CANCELLED: 'Cancelled',
  FAILED: 'Failed',
};

/**
 * Percentage of a rollout done. The runner counts the subscribers it has processed
 * (`eligibleCount` = upgraded + skipped so far); the whole is the tier's active subscribers
 * (`expectedTotal`), so a running rollout shows processed / expected, and a completed one 100.
 */
export function rolloutPercent(
  r: { status: string; eligibleCount: number },
  expectedTotal: number | null | undefined,
): number {
  if (r.status === 'COMPLETED') return 100;
  if (r.status === 'PENDING' || r.eligibleCount <= 0) return 0;
  const total = Math.max(expectedTotal ?? 0, r.eligibleCount);
  return Math.min(100, Math.floor((r.eligibleCount / total) * 100));
}
