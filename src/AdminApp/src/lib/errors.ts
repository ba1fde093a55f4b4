import type { CombinedError } from '@urql/core';

export interface PayloadError {
  __typename?: string;
  message: string;
  code: string;
  field?: string;
  currentVersion?: number;
  expectedVersion?: number;
}

export interface SplitErrors {
  /** Messages per input field (ValidationError.field). */
  fields: Record<string, string>;
  /** A version conflict: the tier changed since the dialog opened. */
  conflict: PayloadError | null;
  /** Every other error, readable. */
  other: string[];
}

/** Sorts a payload's `errors` into field errors, a version conflict and the rest. */
export function splitPayloadErrors(errors: readonly PayloadError[] | null | undefined): SplitErrors {
  const result: SplitErrors = { fields: {}, conflict: null, other: [] };
  for (const e of errors ?? []) {
    if (e.__typename === 'VersionConflictError' || e.code === 'VERSION_CONFLICT') result.conflict = e;
    else if ((e.__typename === 'ValidationError' || e.code === 'VALIDATION_ERROR') && e.field) {
      const key = e.field.charAt(0).toLowerCase() + e.field.slice(1);
      result.fields[key] = result.fields[key] ? `${result.fields[key]} ${e.message}` : e.message;
    } else result.other.push(e.message);
  }
  return result;
}

const codeMessages: Record<string, string> = {
  AUTH_NOT_AUTHORIZED: 'Your token does not have the admin role: administrators only.',
  PAGE_SIZE_EXCEEDED: 'Too many rows asked for at once.',
  INVALID_CURSOR: 'This page link is no longer valid; go back to the first page.',
  FILTER_TOO_COMPLEX: 'The filter is too complex.',
  INTERNAL_SERVER_ERROR: 'The server failed unexpectedly. Try again; if it persists, give the trace id to the operators.',
};

export type ErrorKind = 'unauthenticated' | 'forbidden' | 'network' | 'other';

export function classifyError(error: CombinedError | undefined | null): ErrorKind | null {
  if (!error) return null;
  const status = (error.response as { status?: number } | undefined)?.status;
  if (status === 401) return 'unauthenticated';
  if (status === 403 || error.graphQLErrors.some((e) => e.extensions?.code === 'AUTH_NOT_AUTHORIZED')) return 'forbidden';
  if (error.networkError) return 'network';
  return 'other';
}

/** A readable sentence for a request error (top-level GraphQL errors or the network). */
export function describeError(error: CombinedError | undefined | null): string | null {
  if (!error) return null;
  const kind = classifyError(error);
  if (kind === 'unauthenticated') return 'Your session is no longer valid (bad or expired token). Sign in again.';
  if (kind === 'forbidden') return codeMessages.AUTH_NOT_AUTHORIZED;
  if (kind === 'network') return 'The API cannot be reached. Check your connection; the page retries when you reload.';
  const messages = error.graphQLErrors.map((e) => {
    const code = e.extensions?.code as string | undefined;
    const traceId = e.extensions?.traceId as string | undefined;
    const base = (code && codeMessages[code]) ?? e.message;
    return traceId ? `${base} (trace id ${traceId})` : base;
  });
  return messages.join(' ') || error.message;
}
