import { Alert, Badge, Button, Group, Progress, Table, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { ReasonDialog, type ReasonResult } from '../components/ReasonDialog';
import { Empty, Loading, RequestError } from '../components/States';
import { graphql } from '../gql';
import { describeError, splitPayloadErrors, type PayloadError } from '../lib/errors';
import { formatDateTime, formatInt, rolloutPercent, rolloutStatusLabels } from '../lib/format';
import { ApplyChange, CancelRollout } from './rolloutActions';
import { RolloutProgressSubscription } from './tierQueries';

const RolloutsQuery = graphql(`
  query Rollouts {
    tierRollouts(first: 50, order: [{ createdAt: DESC }]) {
      totalCount
      nodes {
        id
        tierName
        historyEntryId
        fromCredits
        toCredits
        scheduledFor
        status
        eligibleCount
        upgradedCount
        skippedCount
        createdAt
        requestedByName
        cancelledByName
        cancelReason
        failureReason
      }
    }
    tierConfigs {
      tierName
      displayName
      activeSubscriberCount
      monthlyCreditAllocation
    }
  }
`);

type Rollout = {
  id: string;
  tierName: string;
  historyEntryId: string;
  fromCredits: number;
  toCredits: number;
  scheduledFor?: string | null;
  status: string;
  eligibleCount: number;
  upgradedCount: number;
  skippedCount: number;
  createdAt: string;
  requestedByName?: string | null;
  cancelledByName?: string | null;
  cancelReason?: string | null;
  failureReason?: string | null;
};

export function toReasonResult(errors: readonly unknown[] | null | undefined, requestError: string | null): ReasonResult | null {
  const split = splitPayloadErrors(errors as PayloadError[] | null);
  const messages = [...split.other, ...(split.conflict ? [split.conflict.message] : []), ...(requestError ? [requestError] : [])];
  return messages.length > 0 || Object.keys(split.fields).length > 0 ? { fields: split.fields, messages } : null;
}

const statusColor: Record<string, string> = { PENDING: 'blue', RUNNING: 'indigo', COMPLETED: 'green', CANCELLED: 'gray', FAILED: 'red' };

export function RolloutsPage() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: RolloutsQuery, requestPolicy: 'cache-and-network' });
  const [live, setLive] = useState<Record<string, Rollout>>({});
  const [action, setAction] = useState<{ kind: 'cancel' | 'apply'; rollout: Rollout } | null>(null);
  const [done, setDone] = useState<{ text: string; warnings: string[] } | null>(null);
  const [, cancel] = useMutation(CancelRollout);
  const [, apply] = useMutation(ApplyChange);
  const reload = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);

  useSubscription({ query: RolloutProgressSubscription }, (_, event) => {
    const r = event.tierRolloutProgress as Rollout;
    setLive((l) => ({ ...l, [r.id]: r }));
    if (!data?.tierRollouts.nodes?.some((n) => n.id === r.id)) reload();
    return event;
  });

  const tiers = new Map((data?.tierConfigs ?? []).map((t) => [t.tierName, t]));
  const rows: Rollout[] = (data?.tierRollouts.nodes ?? []).map((n) => ({ ...n, ...(live[n.id] ?? {}) }));

  return (
    <>
      <Group justify="space-between" mb="sm">
        <Title order={2}>Rollouts</Title>
        <Button variant="default" size="xs" onClick={reload}>
          Refresh
        </Button>
      </Group>
      {done && (
        <Alert color="green" title="Done" role="status" withCloseButton onClose={() => setDone(null)} mb="sm">
          {done.text}
          {done.warnings.map((w) => (
            <Text size="sm" key={w}>Warning: {w}</Text>
          ))}
        </Alert>
      )}
      <RequestError error={error} />
      {!data && fetching && <Loading label="Loading rollouts…" />}
      {data && rows.length === 0 && <Empty>No rollouts yet. A credit increase applied to existing users starts one.</Empty>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Text size="sm" c="dimmed" mb="xs">
            Latest {rows.length} of {formatInt(data?.tierRollouts.totalCount)} rollouts
          </Text>
          <Table aria-label="Rollouts" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Tier</Table.Th>
                <Table.Th scope="col">From → to</Table.Th>
                <Table.Th scope="col">Scheduled for</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Progress</Table.Th>
                <Table.Th scope="col">Counts</Table.Th>
                <Table.Th scope="col">Requested by</Table.Th>
                <Table.Th scope="col">Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => {
                const tier = tiers.get(r.tierName);
                const pct = rolloutPercent(r, tier?.activeSubscriberCount);
                const canApply = (r.status === 'CANCELLED' || r.status === 'FAILED') && tier?.monthlyCreditAllocation === r.toCredits;
                return (
                  <Table.Tr key={r.id} data-rollout={r.id}>
                    <Table.Th scope="row">{tier?.displayName ?? r.tierName}</Table.Th>
                    <Table.Td>{formatInt(r.fromCredits)} → {formatInt(r.toCredits)}</Table.Td>
                    <Table.Td>{r.scheduledFor ? formatDateTime(r.scheduledFor) : 'as soon as possible'}</Table.Td>
                    <Table.Td>
                      <Badge color={statusColor[r.status]} variant="light">{rolloutStatusLabels[r.status] ?? r.status}</Badge>
                      {r.cancelledByName && <Text size="xs" c="dimmed">by {r.cancelledByName}{r.cancelReason ? `: ${r.cancelReason}` : ''}</Text>}
                      {r.failureReason && <Text size="xs" c="red">{r.failureReason}</Text>}
                    </Table.Td>
                    <Table.Td miw={140}>
                      <Progress value={pct} aria-label={`Progress of the ${tier?.displayName ?? r.tierName} rollout`} size="lg" />
                      <Text size="xs">{pct}%</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{formatInt(r.upgradedCount)} upgraded, {formatInt(r.skippedCount)} skipped, {formatInt(r.eligibleCount)} processed</Text>
                    </Table.Td>
                    <Table.Td>{r.requestedByName ?? '—'}</Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        {(r.status === 'PENDING' || r.status === 'RUNNING') && (
                          <Button size="xs" color="red" variant="light" onClick={() => setAction({ kind: 'cancel', rollout: r })}>
                            Cancel
                          </Button>
                        )}
                        {canApply && (
                          <Button size="xs" variant="light" onClick={() => setAction({ kind: 'apply', rollout: r })}>
                            Apply again
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {action?.kind === 'cancel' && (
        <ReasonDialog
          title={`Cancel the rollout of ${tiers.get(action.rollout.tierName)?.displayName ?? action.rollout.tierName} to ${formatInt(action.rollout.toCredits)} credits`}
          confirmLabel="Cancel rollout"
          danger
          onClose={() => setAction(null)}
          onConfirm={async (reason) => {
            const r = await cancel({ input: { rolloutId: action.rollout.id, reason } });
            const problems = toReasonResult(r.data?.cancelTierRollout.errors, describeError(r.error));
            if (!problems) {
              setAction(null);
              setDone({ text: `Rollout to ${formatInt(action.rollout.toCredits)} credits cancelled. Subscribers already raised keep their credits.`, warnings: [] });
              reload();
            }
            return problems;
          }}
        >
          <Text size="sm">A pending rollout will not start; a running one stops at its next batch.</Text>
        </ReasonDialog>
      )}
      {action?.kind === 'apply' && (
        <ReasonDialog
          title={`Apply ${formatInt(action.rollout.toCredits)} credits to existing users again`}
          confirmLabel="Apply again"
          withSchedule
          onClose={() => setAction(null)}
          onConfirm={async (reason, scheduledRolloutAt) => {
            const r = await apply({ input: { historyEntryId: action.rollout.historyEntryId, reason, scheduledRolloutAt } });
            const problems = toReasonResult(r.data?.applyTierCreditChange.errors, describeError(r.error));
            if (!problems) {
              setAction(null);
              setDone({ text: 'A new rollout was created.', warnings: r.data?.applyTierCreditChange.warnings ?? [] });
              reload();
            }
            return problems;
          }}
        />
      )}
    </>
  );
}
