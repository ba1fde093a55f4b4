// History filters live in the URL (?tier=pro&type=CREDIT_INCREASE&admin=ada&from=2026-11-01&to=2026-11-30
// &status=pending&sort=asc&after=…|before=…&page=2), so a view can be shared.

export const pageSize = 10;

export interface HistoryFilters {
  tier: string;
  type: string;
  admin: string;
  from: string; // yyyy-mm-dd, local day
  to: string; // yyyy-mm-dd, local day (inclusive)
  status: string; // '' | 'pending' | a RolloutStatus
  sort: 'desc' | 'asc';
  after: string;
  before: string;
  page: number;
}

const keys = ['tier', 'type', 'admin', 'from', 'to', 'status'] as const;

export function parseHistoryFilters(search: string): HistoryFilters {
  const q = new URLSearchParams(search);
  const page = Number.parseInt(q.get('page') ?? '1', 10);
  return {
    tier: q.get('tier') ?? '',
    type: q.get('type') ?? '',
    admin: q.get('admin') ?? '',
    from: q.get('from') ?? '',
    to: q.get('to') ?? '',
    status: q.get('status') ?? '',
    sort: q.get('sort') === 'asc' ? 'asc' : 'desc',
    after: q.get('after') ?? '',
    before: q.get('before') ?? '',
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

export function historySearch(f: HistoryFilters): string {
  const q = new URLSearchParams();
  for (const k of keys) if (f[k]) q.set(k, f[k]);
  if (f.sort === 'asc') q.set('sort', 'asc');
  if (f.after) q.set('after', f.after);
  else if (f.before) q.set('before', f.before);
  if (f.page > 1) q.set('page', String(f.page));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A filter change starts again at page 1. */
export function withFilter(f: HistoryFilters, change: Partial<Pick<HistoryFilters, (typeof keys)[number] | 'sort'>>): HistoryFilters {
  return { ...f, ...change, after: '', before: '', page: 1 };
}

function localDayStart(day: string, addDays = 0): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + addDays);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The `where` of tierHistory for the filters (undefined when nothing is filtered). */
export function historyWhere(f: HistoryFilters): Record<string, unknown> | undefined {
  const and: Record<string, unknown>[] = [];
  if (f.tier) and.push({ tierName: { eq: f.tier } });
  if (f.type) and.push({ changeType: { eq: f.type } });
  if (f.admin.trim()) and.push({ changedByName: { contains: f.admin.trim() } });
  const from = f.from ? localDayStart(f.from) : null;
  const to = f.to ? localDayStart(f.to, 1) : null;
  if (from) and.push({ changedAt: { gte: from } });
  if (to) and.push({ changedAt: { lt: to } });
  if (f.status === 'pending') and.push({ rolloutStatus: { in: ['PENDING', 'RUNNING'] } });
  else if (f.status) and.push({ rolloutStatus: { eq: f.status } });
  if (and.length === 0) return undefined;
  return and.length === 1 ? and[0] : { and };
}

/** Paging variables: first/after going forward, last/before going back. */
export function historyPaging(f: HistoryFilters): { first?: number; after?: string; last?: number; before?: string } {
  if (f.before) return { last: pageSize, before: f.before };
  return f.after ? { first: pageSize, after: f.after } : { first: pageSize };
}
