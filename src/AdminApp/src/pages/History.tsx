import { Alert, Badge, Button, Group, NativeSelect, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useLocation, useSearch } from 'wouter';
import { ReasonDialog } from '../components/ReasonDialog';
import { Empty, Loading, RequestError } from '../components/States';
import { graphql } from '../gql';
import { describeError } from '../lib/errors';
import { changeTypeLabels, formatDateTime, formatInt, formatUsd, rolloutStatusLabels } from '../lib/format';
import { historyPaging, historySearch, historyWhere, pageSize, parseHistoryFilters, withFilter, type HistoryFilters } from '../lib/historyFilters';
import { ApplyChange } from './rolloutActions';
import { toReasonResult } from './Rollouts';

const HistoryQuery = graphql(`
  query History($first: Int, $after: String, $last: Int, $before: String, $where: TierConfigHistoryFilterInput, $order: [TierConfigHistorySortInput!]) {
    tierHistory(first: $first, after: $after, last: $last, before: $before, where: $where, order: $order) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      nodes {
        id
        tierName
        configVersion
        changeType
        previousCredits
        newCredits
        previousMonthlyPriceUsd
        newMonthlyPriceUsd
        previousAnnualPriceUsd
        newAnnualPriceUsd
        changeReason
        affectedUsersCount
        changedByName
        changedAt
        appliedAt
        rolloutStatus
      }
    }
    tierConfigs(order: [{ rank: ASC }]) {
      tierName
      displayName
      monthlyCreditAllocation
    }
  }
`);

function Change({ from, to, format }: { from: number; to: number; format(n: number): string }) {
  return from === to ? <>{format(to)}</> : <>{format(from)} → {format(to)}</>;
}

export function HistoryPage() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const filters = parseHistoryFilters(search);
  const set = (f: HistoryFilters) => navigate(`/history${historySearch(f)}`);
  const [admin, setAdmin] = useState(filters.admin);
  useEffect(() => setAdmin(filters.admin), [filters.admin]);
  const [applying, setApplying] = useState<{ id: string; tierName: string; newCredits: number } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [, apply] = useMutation(ApplyChange);

  const [{ data, fetching, error }, refetch] = useQuery({
    query: HistoryQuery,
    variables: { ...historyPaging(filters), where: historyWhere(filters), order: [{ changedAt: filters.sort === 'asc' ? 'ASC' : 'DESC' }] },
    requestPolicy: 'cache-and-network',
  });
  const history = data?.tierHistory;
  const tiers = data?.tierConfigs ?? [];
  const names = new Map(tiers.map((t) => [t.tierName, t.displayName]));
  const first = (filters.page - 1) * pageSize + 1;
  const rows = history?.nodes ?? [];

  return (
    <>
      <Title order={2} mb="sm">
        History
      </Title>
      <form
        aria-label="History filters"
        onSubmit={(e) => {
          e.preventDefault();
          set(withFilter(filters, { admin }));
        }}
      >
        <Group align="flex-end" mb="md" gap="sm">
          <NativeSelect label="Tier" value={filters.tier} onChange={(e) => set(withFilter(filters, { tier: e.currentTarget.value }))} data={[{ value: '', label: 'All tiers' }, ...tiers.map((t) => ({ value: t.tierName, label: t.displayName }))]} />
          <NativeSelect label="Change type" value={filters.type} onChange={(e) => set(withFilter(filters, { type: e.currentTarget.value }))} data={[{ value: '', label: 'All types' }, ...Object.entries(changeTypeLabels).map(([value, label]) => ({ value, label }))]} />
          <TextInput label="Admin" placeholder="name contains…" value={admin} onChange={(e) => setAdmin(e.currentTarget.value)} onBlur={() => admin !== filters.admin && set(withFilter(filters, { admin }))} />
          <TextInput type="date" label="From" value={filters.from} onChange={(e) => set(withFilter(filters, { from: e.currentTarget.value }))} />
          <TextInput type="date" label="To" value={filters.to} onChange={(e) => set(withFilter(filters, { to: e.currentTarget.value }))} />
          <NativeSelect
            label="Rollout status"
            value={filters.status}
            onChange={(e) => set(withFilter(filters, { status: e.currentTarget.value }))}
            data={[{ value: '', label: 'Any' }, { value: 'pending', label: 'Pending (pending or running)' }, ...Object.entries(rolloutStatusLabels).map(([value, label]) => ({ value, label }))]}
          />
          <NativeSelect label="Sort" value={filters.sort} onChange={(e) => set(withFilter(filters, { sort: e.currentTarget.value as 'asc' | 'desc' }))} data={[{ value: 'desc', label: 'Newest first' }, { value: 'asc', label: 'Oldest first' }]} />
          <Button type="submit" variant="light">Apply filters</Button>
          <Button variant="subtle" onClick={() => navigate('/history')}>Clear</Button>
        </Group>
      </form>
      {done && <Alert color="green" role="status" withCloseButton onClose={() => setDone(null)} mb="sm">{done}</Alert>}
      <RequestError error={error} />
      {!data && fetching && <Loading label="Loading history…" />}
      {history && rows.length === 0 && <Empty>No changes match these filters.</Empty>}
      {history && rows.length > 0 && (
        <>
          <Text size="sm" mb="xs" aria-live="polite" data-testid="history-range">
            Showing {formatInt(first)}–{formatInt(first + rows.length - 1)} of {formatInt(history.totalCount)} changes
          </Text>
          <Table.ScrollContainer minWidth={1100}>
            <Table aria-label="Tier history" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Tier</Table.Th>
                  <Table.Th scope="col">Version</Table.Th>
                  <Table.Th scope="col">Type</Table.Th>
                  <Table.Th scope="col">Credits</Table.Th>
                  <Table.Th scope="col">Monthly price</Table.Th>
                  <Table.Th scope="col">Annual price</Table.Th>
                  <Table.Th scope="col">Reason</Table.Th>
                  <Table.Th scope="col">Affected users</Table.Th>
                  <Table.Th scope="col">Changed by</Table.Th>
                  <Table.Th scope="col">Changed at</Table.Th>
                  <Table.Th scope="col">Applied at</Table.Th>
                  <Table.Th scope="col">Rollout</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((h) => {
                  const unapplied = h.changeType === 'CREDIT_INCREASE' && !h.appliedAt && h.rolloutStatus !== 'PENDING' && h.rolloutStatus !== 'RUNNING'
                    && tiers.find((t) => t.tierName === h.tierName)?.monthlyCreditAllocation === h.newCredits;
                  return (
                    <Table.Tr key={h.id}>
                      <Table.Td>{names.get(h.tierName) ?? h.tierName}</Table.Td>
                      <Table.Td>{h.configVersion}</Table.Td>
                      <Table.Td>{changeTypeLabels[h.changeType] ?? h.changeType}</Table.Td>
                      <Table.Td><Change from={h.previousCredits} to={h.newCredits} format={formatInt} /></Table.Td>
                      <Table.Td><Change from={h.previousMonthlyPriceUsd} to={h.newMonthlyPriceUsd} format={formatUsd} /></Table.Td>
                      <Table.Td><Change from={h.previousAnnualPriceUsd} to={h.newAnnualPriceUsd} format={formatUsd} /></Table.Td>
                      <Table.Td maw={260}>{h.changeReason}</Table.Td>
                      <Table.Td>{formatInt(h.affectedUsersCount)}</Table.Td>
                      <Table.Td>{h.changedByName ?? 'unknown'}</Table.Td>
                      <Table.Td>{formatDateTime(h.changedAt)}</Table.Td>
                      <Table.Td>{h.appliedAt ? formatDateTime(h.appliedAt) : 'not applied'}</Table.Td>
                      <Table.Td>
                        {h.rolloutStatus ? <Badge variant="light" color="gray">{rolloutStatusLabels[h.rolloutStatus]}</Badge> : '—'}
                        {unapplied && (
                          <Button size="compact-xs" variant="light" mt={4} onClick={() => setApplying({ id: h.id, tierName: h.tierName, newCredits: h.newCredits })}>
                            Apply to existing users
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group mt="sm" component="nav" aria-label="History pages">
            <Button variant="default" disabled={filters.page <= 1} onClick={() => set({ ...filters, after: '', before: history.pageInfo.startCursor ?? '', page: Math.max(1, filters.page - 1) })}>
              Previous page
            </Button>
            <Text size="sm">Page {filters.page} of {Math.max(1, Math.ceil(history.totalCount / pageSize))}</Text>
            <Button variant="default" disabled={!history.pageInfo.hasNextPage} onClick={() => set({ ...filters, before: '', after: history.pageInfo.endCursor ?? '', page: filters.page + 1 })}>
              Next page
            </Button>
          </Group>
        </>
      )}
      {applying && (
        <ReasonDialog
          title={`Apply ${formatInt(applying.newCredits)} credits of ${names.get(applying.tierName) ?? applying.tierName} to existing users`}
          confirmLabel="Apply to existing users"
          withSchedule
          onClose={() => setApplying(null)}
          onConfirm={async (reason, scheduledRolloutAt) => {
            const r = await apply({ input: { historyEntryId: applying.id, reason, scheduledRolloutAt } });
            const problems = toReasonResult(r.data?.applyTierCreditChange.errors, describeError(r.error));
            if (!problems) {
              setApplying(null);
              setDone(`A rollout was created${r.data?.applyTierCreditChange.warnings?.length ? `: ${r.data.applyTierCreditChange.warnings.join(' ')}` : '.'}`);
              refetch({ requestPolicy: 'network-only' });
            }
            return problems;
          }}
        />
      )}
    </>
  );
}
