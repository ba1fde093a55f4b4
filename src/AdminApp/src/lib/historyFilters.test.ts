import { describe, expect, it } from 'vitest';
import { historyPaging, historySearch, historyWhere, pageSize, parseHistoryFilters, withFilter } from './historyFilters';

describe('history filters in the URL', () => {
  it('round-trips through the query string', () => {
    const search = '?tier=pro&type=CREDIT_INCREASE&admin=ada&from=2026-11-01&to=2026-11-30&status=pending&sort=asc&after=abc&page=3';
    const f = parseHistoryFilters(search);
    expect(f).toMatchObject({ tier: 'pro', type: 'CREDIT_INCREASE', admin: 'ada', status: 'pending', sort: 'asc', after: 'abc', before: '', page: 3 });
    expect(historySearch(f)).toBe(search);
  });

  it('defaults to everything, newest first, page 1 (and ignores a bad page number)', () => {
    const f = parseHistoryFilters('?page=-2');
    expect(f).toMatchObject({ tier: '', sort: 'desc', page: 1 });
    expect(historySearch(f)).toBe('');
    expect(historyWhere(f)).toBeUndefined();
  });

  it('a filter change goes back to the first page', () => {
    const f = withFilter(parseHistoryFilters('?tier=pro&after=abc&page=4'), { type: 'ROLLBACK' });
    expect(historySearch(f)).toBe('?tier=pro&type=ROLLBACK');
  });
});

describe('historyWhere', () => {
  it('combines the filters with and; pending means PENDING or RUNNING', () => {
    const f = parseHistoryFilters('?tier=pro&type=CREDIT_INCREASE&admin=%20Ada%20&status=pending');
    expect(historyWhere(f)).toEqual({
      and: [
        { tierName: { eq: 'pro' } },
        { changeType: { eq: 'CREDIT_INCREASE' } },
        { changedByName: { contains: 'Ada' } },
        { rolloutStatus: { in: ['PENDING', 'RUNNING'] } },
      ],
    });
  });

  it('a single filter is not wrapped; a status other than pending is an eq', () => {
    expect(historyWhere(parseHistoryFilters('?status=CANCELLED'))).toEqual({ rolloutStatus: { eq: 'CANCELLED' } });
  });

  it('the date range covers whole local days: from its start to the start of the day after "to"', () => {
    const where = historyWhere(parseHistoryFilters('?from=2026-11-01&to=2026-11-30')) as { and: Record<string, { gte?: string; lt?: string }>[] };
    expect(where.and[0].changedAt.gte).toBe(new Date(2026, 10, 1).toISOString());
    expect(where.and[1].changedAt.lt).toBe(new Date(2026, 11, 1).toISOString());
  });
});

describe('historyPaging', () => {
  it('pages forward with first/after and back with last/before', () => {
    expect(historyPaging(parseHistoryFilters(''))).toEqual({ first: pageSize });
    expect(historyPaging(parseHistoryFilters('?after=c1'))).toEqual({ first: pageSize, after: 'c1' });
    expect(historyPaging(parseHistoryFilters('?before=c2'))).toEqual({ last: pageSize, before: 'c2' });
  });
});
