export interface VersionValues {
  monthlyCreditAllocation: number;
  monthlyPriceUsd: number;
  annualPriceUsd: number;
  maxCreditRollover: number;
  isActive: boolean;
  features: Record<string, unknown>;
}

export interface DiffRow {
  field: string;
  version: string;
  current: string;
  changed: boolean;
}

const usd = (n: number) => `$${n.toFixed(2)}`;
const int = (n: number) => n.toLocaleString('en-US');

/** A side-by-side comparison of a version with the current configuration, one row per field and feature. */
export function diffVersions(version: VersionValues, current: VersionValues): DiffRow[] {
  const rows: DiffRow[] = [];
  const add = (field: string, a: string, b: string) => rows.push({ field, version: a, current: b, changed: a !== b });
  add('Credits', int(version.monthlyCreditAllocation), int(current.monthlyCreditAllocation));
  add('Monthly price', usd(version.monthlyPriceUsd), usd(current.monthlyPriceUsd));
  add('Annual price', usd(version.annualPriceUsd), usd(current.annualPriceUsd));
  add('Max rollover', int(version.maxCreditRollover), int(current.maxCreditRollover));
  add('Active', version.isActive ? 'yes' : 'no', current.isActive ? 'yes' : 'no');
  const keys = [...new Set([...Object.keys(version.features ?? {}), ...Object.keys(current.features ?? {})])].sort();
  for (const key of keys) {
    const show = (f: Record<string, unknown>) => (key in f ? JSON.stringify(f[key]) : '(absent)');
    add(`Feature ${key}`, show(version.features ?? {}), show(current.features ?? {}));
  }
  return rows;
}
