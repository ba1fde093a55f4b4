import { describe, expect, it } from 'vitest';
import { LiveConnection } from './client';

describe('LiveConnection', () => {
  it('says reconnecting (not connecting) once it has been connected, and tells listeners of changes only', () => {
    const live = new LiveConnection();
    const seen: string[] = [];
    live.subscribe((s) => seen.push(s));
    live.set('connecting');
    live.set('connected');
    live.set('connected');
    live.set('connecting');
    live.set('connected');
    expect(seen).toEqual(['connected', 'reconnecting', 'connected']);
    expect(live.get()).toBe('connected');
  });
});
