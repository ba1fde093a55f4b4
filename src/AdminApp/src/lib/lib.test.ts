import { describe, expect, it } from 'vitest';
import { CombinedError } from '@urql/core';
import { diffVersions } from './diff';
import { classifyError, describeError, splitPayloadErrors } from './errors';
import { validateFeaturesJson } from './features';
import { localInputToOffsetIso, rolloutPercent } from './format';
import { subscriberWhere } from './lookup';

describe('splitPayloadErrors', () => {
  it('puts validation errors at their field, keeps the version conflict apart, and the rest as messages', () => {
    const split = splitPayloadErrors([
      { __typename: 'ValidationError', code: 'VALIDATION_ERROR', message: 'Too many.', field: 'NewCredits' },
      { __typename: 'ValidationError', code: 'VALIDATION_ERROR', message: 'Not a multiple of 100.', field: 'newCredits' },
      { __typename: 'VersionConflictError', code: 'VERSION_CONFLICT', message: 'Expected 1, at 2.', expectedVersion: 1, currentVersion: 2 },
      { __typename: 'TierNotFoundError', code: 'TIER_NOT_FOUND', message: 'No tier.' },
    ]);
    expect(split.fields).toEqual({ newCredits: 'Too many. Not a multiple of 100.' });
    expect(split.conflict?.currentVersion).toBe(2);
    expect(split.other).toEqual(['No tier.']);
    expect(splitPayloadErrors(null)).toEqual({ fields: {}, conflict: null, other: [] });
  });
});

describe('request errors', () => {
  it('tells a refused token, a missing role, the network and a masked failure apart', () => {
    const unauthenticated = new CombinedError({ networkError: new Error('Unauthorized'), response: { status: 401 } });
    expect(classifyError(unauthenticated)).toBe('unauthenticated');
    const forbidden = new CombinedError({ graphQLErrors: [{ message: 'no', extensions: { code: 'AUTH_NOT_AUTHORIZED' } }], response: { status: 403 } });
    expect(describeError(forbidden)).toMatch(/admin role/);
    expect(classifyError(new CombinedError({ networkError: new Error('Failed to fetch') }))).toBe('network');
    const masked = new CombinedError({ graphQLErrors: [{ message: 'Unexpected', extensions: { code: 'INTERNAL_SERVER_ERROR', traceId: 't-1' } }] });
    expect(describeError(masked)).toMatch(/trace id t-1/);
    expect(describeError(undefined)).toBeNull();
  });
});

describe('validateFeaturesJson', () => {
  it('accepts a flat object of camelCase keys', () => {
    expect(validateFeaturesJson('{"apiAccess": true, "rateLimit": 30, "tier": "x", "note": null}')).toEqual({ ok: true, value: { apiAccess: true, rateLimit: 30, tier: 'x', note: null } });
  });
  it('refuses bad JSON, non-objects, nested values and other key styles', () => {
    expect(validateFeaturesJson('{"a": ').ok).toBe(false);
    expect(validateFeaturesJson('[1]')).toMatchObject({ ok: false, message: expect.stringMatching(/JSON object/) });
    expect(validateFeaturesJson('{"limits": {"a": 1}}')).toMatchObject({ ok: false, message: expect.stringMatching(/nested/) });
    expect(validateFeaturesJson('{"api_access": true}')).toMatchObject({ ok: false, message: expect.stringMatching(/camelCase/) });
  });
});

describe('localInputToOffsetIso', () => {
  it('turns a datetime-local value into an instant with the local offset', () => {
    const iso = localInputToOffsetIso('2026-12-01T09:30');
    expect(iso).toMatch(/^2026-12-01T09:30:00[+-]\d{2}:\d{2}$/);
    expect(new Date(iso!).getTime()).toBe(new Date(2026, 11, 1, 9, 30).getTime());
  });
  it('refuses empty and impossible values', () => {
    expect(localInputToOffsetIso('')).toBeNull();
    expect(localInputToOffsetIso('2026-02-30T10:00')).toBeNull();
  });
});

describe('rolloutPercent', () => {
  it('is processed / expected while running, 0 while pending, 100 when completed', () => {
    expect(rolloutPercent({ status: 'PENDING', eligibleCount: 0 }, 100)).toBe(0);
    expect(rolloutPercent({ status: 'RUNNING', eligibleCount: 25 }, 100)).toBe(25);
    expect(rolloutPercent({ status: 'RUNNING', eligibleCount: 150 }, 100)).toBe(100);
    expect(rolloutPercent({ status: 'COMPLETED', eligibleCount: 3 }, 100)).toBe(100);
    expect(rolloutPercent({ status: 'CANCELLED', eligibleCount: 40 }, 80)).toBe(50);
  });
});

describe('diffVersions', () => {
  it('marks the fields and features that differ', () => {
    const base = { monthlyCreditAllocation: 1500, monthlyPriceUsd: 15, annualPriceUsd: 150, maxCreditRollover: 750, isActive: true, features: { apiAccess: true, rateLimit: 30 } };
    const rows = diffVersions(base, { ...base, monthlyCreditAllocation: 2000, features: { apiAccess: true, prioritySupport: true } });
    expect(rows.filter((r) => r.changed).map((r) => [r.field, r.version, r.current])).toEqual([
      ['Credits', '1,500', '2,000'],
      ['Feature prioritySupport', '(absent)', 'true'],
      ['Feature rateLimit', '30', '(absent)'],
    ]);
    expect(rows.find((r) => r.field === 'Monthly price')).toEqual({ field: 'Monthly price', version: '$15.00', current: '$15.00', changed: false });
  });
});

describe('subscriberWhere', () => {
  it('looks up a UUID by user id and an email by email', () => {
    expect(subscriberWhere(' 6F1C0000-0000-4000-8000-000000000001 ')).toEqual({ userId: { eq: '6f1c0000-0000-4000-8000-000000000001' } });
    expect(subscriberWhere('pro.user@example.com')).toEqual({ email: { eq: 'pro.user@example.com' } });
    expect(subscriberWhere('pro user')).toBeUndefined();
  });
});
