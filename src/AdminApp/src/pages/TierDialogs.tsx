import { Alert, Button, Checkbox, Group, List, Modal, NumberInput, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useClient, useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { splitPayloadErrors, type PayloadError, describeError } from '../lib/errors';
import { formatInt, formatUsd, localInputToOffsetIso, timeZoneLabel } from '../lib/format';
import { validateFeaturesJson } from '../lib/features';
import { TierQuery, type TierRow } from './tierQueries';


const PreviewQuery = graphql(`
  query TierChangePreview($input: PreviewTierCreditChangeInput!) {
    tierChangePreview(input: $input) {
      preview {
        tierName
        currentCredits
        newCredits
        direction
        activeSubscribers
        willUpgrade
        willRemainSame
        creditsAdded
        estimatedCostUsd
        warnings
      }
      errors {
        __typename
        ... on Error {
          message
          code
        }
        ... on ValidationError {
          field
        }
      }
    }
  }
`);

const UpdateCredits = graphql(`
  mutation UpdateTierCredits($input: UpdateTierCreditsInput!) {
    updateTierCredits(input: $input) {
      tierConfig {
        id
        tierName
        monthlyCreditAllocation
        configVersion
      }
      rollout {
        id
        status
        scheduledFor
      }
      warnings
      errors {
        __typename
        ... on Error {
          message
          code
        }
        ... on ValidationError {
          field
        }
        ... on VersionConflictError {
          expectedVersion
          currentVersion
        }
      }
    }
  }
`);

const UpdatePrices = graphql(`
  mutation UpdateTierPrices($input: UpdateTierPricesInput!) {
    updateTierPrices(input: $input) {
      tierConfig {
        id
        configVersion
      }
      warnings
      errors {
        __typename
        ... on Error {
          message
          code
        }
        ... on ValidationError {
          field
        }
        ... on VersionConflictError {
          expectedVersion
          currentVersion
        }
      }
    }
  }
`);

const UpdateFeatures = graphql(`
  mutation UpdateTierFeatures($input: UpdateTierFeaturesInput!) {
    updateTierFeatures(input: $input) {
      tierConfig {
        id
        configVersion
      }
      errors {
        __typename
        ... on Error {
          message
          code
        }
        ... on ValidationError {
          field
        }
        ... on VersionConflictError {
          expectedVersion
          currentVersion
        }
      }
    }
  }
`);

const UpdateRollover = graphql(`
  mutation UpdateTierRollover($input: UpdateTierRolloverInput!) {
    updateTierRollover(input: $input) {
      tierConfig {
        id
        configVersion
      }
      errors {
        __typename
        ... on Error {
          message
          code
        }
        ... on ValidationError {
          field
        }
        ... on VersionConflictError {
          expectedVersion
          currentVersion
        }
      }
    }
  }
`);

const SetActive = graphql(`
  mutation SetTierActive($input: SetTierActiveInput!) {
    setTierActive(input: $input) {
      tierConfig {
        id
        configVersion
      }
      errors {
        __typename
        ... on Error {
          message
          code
        }
        ... on ValidationError {
          field
        }
        ... on VersionConflictError {
          expectedVersion
          currentVersion
        }
      }
    }
  }
`);

export interface Saved {
  tierName: string;
  text: string;
  warnings: string[];
}

/** The "tier changed elsewhere" alert: current values and a reload that adopts them. */
function ConflictAlert({ tierName, conflict, onReload }: { tierName: string; conflict: PayloadError; onReload(tier: TierRow): void }) {
  const client = useClient();
  const [current, setCurrent] = useState<TierRow | null>(null);
  const [loading, setLoading] = useState(false);
  const reload = async () => {
    setLoading(true);
    const result = await client.query(TierQuery, { tierName }, { requestPolicy: 'network-only' }).toPromise();
    setLoading(false);
    const tier = result.data?.tierConfig;
    if (tier) {
      setCurrent(tier as TierRow);
      onReload(tier as TierRow);
    }
  };
  return (
    <Alert role="alert" color="orange" title="This tier was changed by someone else">
      <Text size="sm">
        You edited version {conflict.expectedVersion ?? '?'}, but the tier is now at version {conflict.currentVersion ?? '?'}. Nothing was saved.
      </Text>
      {current ? (
        <Text size="sm" mt="xs" data-testid="current-values">
          Current values (version {current.configVersion}): {formatInt(current.monthlyCreditAllocation)} credits, {formatUsd(current.monthlyPriceUsd)} monthly,{' '}
          {formatUsd(current.annualPriceUsd)} annual, max rollover {formatInt(current.maxCreditRollover)}, {current.isActive ? 'active' : 'inactive'}. Review
          your change and save again.
        </Text>
      ) : (
        <Button mt="xs" size="xs" variant="light" onClick={reload} loading={loading}>
          Reload current values
        </Button>
      )}
    </Alert>
  );
}

function OtherErrors({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <Alert role="alert" color="red" title="Not saved">
      {messages.join(' ')}
    </Alert>
  );
}

function Warnings({ title, warnings }: { title: string; warnings: readonly string[] | null | undefined }) {
  if (!warnings || warnings.length === 0) return null;
  return (
    <Alert color="yellow" title={title}>
      <List size="sm">
        {warnings.map((w) => (
          <List.Item key={w}>{w}</List.Item>
        ))}
      </List>
    </Alert>
  );
}

function ImpactPreview({ tierName, newCredits, apply }: { tierName: string; newCredits: number | null; apply: boolean }) {
  const [debounced] = useDebouncedValue({ newCredits, apply }, 350);
  const paused = debounced.newCredits == null || !Number.isInteger(debounced.newCredits);
  const [{ data, fetching, error }] = useQuery({
    query: PreviewQuery,
    variables: { input: { tierName, newCredits: debounced.newCredits ?? 0, applyToExistingUsers: debounced.apply } },
    pause: paused,
    requestPolicy: 'network-only',
  });
  const preview = data?.tierChangePreview.preview;
  const errors = data?.tierChangePreview.errors ?? [];
  let body: ReactNode;
  if (paused) body = <Text size="sm" c="dimmed">Enter the new credits to see the impact.</Text>;
  else if (error) body = <Text size="sm" c="red">{describeError(error)}</Text>;
  else if (errors.length > 0) body = <Text size="sm" c="red">{errors.map((e) => ('message' in e ? e.message : '')).join(' ')}</Text>;
  else if (!preview) body = <Text size="sm" c="dimmed">Calculating…</Text>;
  else
    body = (
      <>
        <Table withRowBorders={false} verticalSpacing={2} aria-label="Impact">
          <Table.Tbody>
            <Table.Tr><Table.Th scope="row">Direction</Table.Th><Table.Td>{preview.direction.replace('_', ' ').toLowerCase()}</Table.Td></Table.Tr>
            <Table.Tr><Table.Th scope="row">Credits</Table.Th><Table.Td>{formatInt(preview.currentCredits)} → {formatInt(preview.newCredits)}</Table.Td></Table.Tr>
            <Table.Tr><Table.Th scope="row">Active subscribers</Table.Th><Table.Td>{formatInt(preview.activeSubscribers)}</Table.Td></Table.Tr>
            <Table.Tr><Table.Th scope="row">Will be upgraded</Table.Th><Table.Td data-testid="will-upgrade">{formatInt(preview.willUpgrade)}</Table.Td></Table.Tr>
            <Table.Tr><Table.Th scope="row">Stay the same</Table.Th><Table.Td>{formatInt(preview.willRemainSame)}</Table.Td></Table.Tr>
            <Table.Tr><Table.Th scope="row">Credits added</Table.Th><Table.Td>{formatInt(preview.creditsAdded)}</Table.Td></Table.Tr>
            <Table.Tr><Table.Th scope="row">Estimated cost</Table.Th><Table.Td>{formatUsd(preview.estimatedCostUsd)}</Table.Td></Table.Tr>
          </Table.Tbody>
        </Table>
        <Warnings title="Warnings" warnings={preview.warnings} />
      </>
    );
  return (
    <section aria-label="Impact preview" aria-busy={fetching}>
      <Text fw={600} size="sm" mb={4}>
        Impact preview
      </Text>
      {body}
    </section>
  );
}

export function EditCreditsDialog({ tier, onClose, onSaved }: { tier: TierRow; onClose(): void; onSaved(s: Saved): void }) {
  const [expectedVersion, setExpectedVersion] = useState(tier.configVersion);
  const [currentCredits, setCurrentCredits] = useState(tier.monthlyCreditAllocation);
  const [credits, setCredits] = useState<number | string>(tier.monthlyCreditAllocation);
  const [reason, setReason] = useState('');
  const [apply, setApply] = useState(false);
  const [schedule, setSchedule] = useState('');
  const [result, update] = useMutation(UpdateCredits);
  const [errors, setErrors] = useState(splitPayloadErrors([]));
  const [requestError, setRequestError] = useState<string | null>(null);

  const newCredits = typeof credits === 'number' ? credits : null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const scheduledRolloutAt = apply && schedule ? localInputToOffsetIso(schedule) : null;
    if (apply && schedule && !scheduledRolloutAt) {
      setErrors({ fields: { scheduledRolloutAt: 'Enter a valid date and time.' }, conflict: null, other: [] });
      return;
    }
    const r = await update({
      input: { tierName: tier.tierName, newCredits: newCredits ?? -1, reason, applyToExistingUsers: apply, scheduledRolloutAt, expectedVersion },
    });
    setRequestError(describeError(r.error));
    const payload = r.data?.updateTierCredits;
    if (!payload) return;
    const split = splitPayloadErrors(payload.errors as PayloadError[] | null);
    setErrors(split);
    if (payload.tierConfig && !payload.errors?.length) {
      const rollout = payload.rollout ? ` A rollout to existing users is ${payload.rollout.scheduledFor ? 'scheduled' : 'pending'}.` : '';
      onSaved({
        tierName: tier.tierName,
        text: `${tier.displayName}: credits changed to ${formatInt(payload.tierConfig.monthlyCreditAllocation)} (version ${payload.tierConfig.configVersion}).${rollout}`,
        warnings: payload.warnings ?? [],
      });
    }
  };

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`Edit credits — ${tier.displayName}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Current: {formatInt(currentCredits)} credits, version {expectedVersion}.
          </Text>
          <NumberInput label="New credits" value={credits} onChange={setCredits} step={100} min={0} allowDecimal={false} thousandSeparator="," error={errors.fields.newCredits} required data-autofocus />
          <Textarea label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.fields.reason} required autosize minRows={2} />
          <Checkbox label="Apply to existing users" checked={apply} onChange={(e) => setApply(e.currentTarget.checked)} />
          <TextInput
            type="datetime-local"
            label="Schedule rollout"
            description={`Optional; empty = as soon as possible. Time zone: ${timeZoneLabel()}`}
            value={schedule}
            onChange={(e) => setSchedule(e.currentTarget.value)}
            disabled={!apply}
            error={errors.fields.scheduledRolloutAt}
          />
          <ImpactPreview tierName={tier.tierName} newCredits={newCredits} apply={apply} />
          {errors.conflict && (
            <ConflictAlert
              tierName={tier.tierName}
              conflict={errors.conflict}
              onReload={(t) => {
                setExpectedVersion(t.configVersion);
                setCurrentCredits(t.monthlyCreditAllocation);
              }}
            />
          )}
          <OtherErrors messages={[...errors.other, ...(requestError ? [requestError] : [])]} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={result.fetching}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export type ChangeKind = 'prices' | 'features' | 'rollover' | 'active';

const titles: Record<ChangeKind, string> = { prices: 'Edit prices', features: 'Edit features', rollover: 'Edit rollover', active: 'Change availability' };

/** Prices, features, rollover and availability: no dry run, so warnings are shown after saving. */
export function ChangeDialog({ kind, tier, onClose, onSaved }: { kind: ChangeKind; tier: TierRow; onClose(): void; onSaved(s: Saved): void }) {
  const [expectedVersion, setExpectedVersion] = useState(tier.configVersion);
  const [monthly, setMonthly] = useState<number | string>(tier.monthlyPriceUsd);
  const [annual, setAnnual] = useState<number | string>(tier.annualPriceUsd);
  const [features, setFeatures] = useState(JSON.stringify(tier.features, null, 2));
  const [rollover, setRollover] = useState<number | string>(tier.maxCreditRollover);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState(splitPayloadErrors([]));
  const [requestError, setRequestError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [, updatePrices] = useMutation(UpdatePrices);
  const [, updateFeatures] = useMutation(UpdateFeatures);
  const [, updateRollover] = useMutation(UpdateRollover);
  const [, setActive] = useMutation(SetActive);
  const featuresCheck = kind === 'features' ? validateFeaturesJson(features) : { ok: true as const, value: {} };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!featuresCheck.ok) return;
    setBusy(true);
    const common = { tierName: tier.tierName, reason, expectedVersion };
    let payload: { tierConfig?: { configVersion: number } | null; warnings?: string[] | null; errors?: readonly unknown[] | null } | undefined;
    let error;
    if (kind === 'prices') {
      const r = await updatePrices({ input: { ...common, newMonthlyPriceUsd: typeof monthly === 'number' ? monthly : null, newAnnualPriceUsd: typeof annual === 'number' ? annual : null } });
      payload = r.data?.updateTierPrices;
      error = r.error;
    } else if (kind === 'features') {
      const r = await updateFeatures({ input: { ...common, features: featuresCheck.value } });
      payload = r.data?.updateTierFeatures;
      error = r.error;
    } else if (kind === 'rollover') {
      const r = await updateRollover({ input: { ...common, maxCreditRollover: typeof rollover === 'number' ? rollover : -1 } });
      payload = r.data?.updateTierRollover;
      error = r.error;
    } else {
      const r = await setActive({ input: { ...common, isActive: !tier.isActive } });
      payload = r.data?.setTierActive;
      error = r.error;
    }
    setBusy(false);
    setRequestError(describeError(error));
    if (!payload) return;
    setErrors(splitPayloadErrors(payload.errors as PayloadError[] | null));
    if (payload.tierConfig && !payload.errors?.length) {
      onSaved({ tierName: tier.tierName, text: `${tier.displayName}: ${titles[kind].toLowerCase().replace('edit ', '')} saved (version ${payload.tierConfig.configVersion}).`, warnings: payload.warnings ?? [] });
    }
  };

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={`${titles[kind]} — ${tier.displayName}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {kind === 'prices' && (
            <>
              <NumberInput label="Monthly price (USD)" value={monthly} onChange={setMonthly} decimalScale={2} min={0} prefix="$" error={errors.fields.newMonthlyPriceUsd} data-autofocus />
              <NumberInput label="Annual price (USD)" value={annual} onChange={setAnnual} decimalScale={2} min={0} prefix="$" error={errors.fields.newAnnualPriceUsd} />
              <Text size="sm" c="dimmed">Existing subscribers keep the price they signed up at.</Text>
            </>
          )}
          {kind === 'features' && (
            <Textarea
              label="Features (JSON)"
              description="A JSON object of feature flags and limits."
              value={features}
              onChange={(e) => setFeatures(e.currentTarget.value)}
              error={featuresCheck.ok ? errors.fields.features : featuresCheck.message}
              autosize
              minRows={6}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              spellCheck={false}
              data-autofocus
            />
          )}
          {kind === 'rollover' && (
            <NumberInput label="Max rollover" description="At most 12 × the monthly credits." value={rollover} onChange={setRollover} min={0} allowDecimal={false} thousandSeparator="," error={errors.fields.maxCreditRollover} data-autofocus />
          )}
          {kind === 'active' && (
            <Alert color={tier.isActive ? 'orange' : 'blue'} title={tier.isActive ? `Deactivate ${tier.displayName}?` : `Activate ${tier.displayName}?`}>
              {tier.isActive
                ? `${tier.displayName} has ${formatInt(tier.activeSubscriberCount)} active subscribers. They keep their subscription; new subscriptions to this tier are refused.`
                : `${tier.displayName} becomes available for new subscriptions. It has ${formatInt(tier.activeSubscriberCount)} active subscribers.`}
            </Alert>
          )}
          <Textarea label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.fields.reason} required autosize minRows={2} />
          {errors.conflict && <ConflictAlert tierName={tier.tierName} conflict={errors.conflict} onReload={(t) => setExpectedVersion(t.configVersion)} />}
          <OtherErrors messages={[...errors.other, ...Object.entries(errors.fields).filter(([k]) => !['reason', 'newMonthlyPriceUsd', 'newAnnualPriceUsd', 'features', 'maxCreditRollover'].includes(k)).map(([, v]) => v), ...(requestError ? [requestError] : [])]} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={!featuresCheck.ok} color={kind === 'active' && tier.isActive ? 'red.9' : undefined}>
              {kind === 'active' ? (tier.isActive ? 'Deactivate' : 'Activate') : 'Save'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
