import { Alert, Badge, Button, Group, List, Menu, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { Empty, Loading, RequestError } from '../components/States';
import { formatInt, formatUsd, rolloutPercent } from '../lib/format';
import { ChangeDialog, EditCreditsDialog, type ChangeKind, type Saved } from './TierDialogs';
import { RolloutProgressSubscription, TierChangedSubscription, TiersQuery, type TierRow } from './tierQueries';

type Dialog = { kind: 'credits' | ChangeKind; tier: TierRow } | null;

export function TiersPage() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: TiersQuery, requestPolicy: 'cache-and-network' });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [saved, setSaved] = useState<Saved | null>(null);
  const [highlight, setHighlight] = useState<Record<string, number>>({});
  const [progress, setProgress] = useState<Record<string, { status: string; eligibleCount: number; tierName: string }>>({});
  const timers = useRef<number[]>([]);

  const reload = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  const flash = useCallback((tierName: string) => {
    setHighlight((h) => ({ ...h, [tierName]: (h[tierName] ?? 0) + 1 }));
    timers.current.push(
      window.setTimeout(() => setHighlight((h) => {
        const { [tierName]: _, ...rest } = h;
        void _;
        return rest;
      }), 2500),
    );
  }, []);
  useEffect(() => () => timers.current.forEach(clearTimeout), []);

  // A change committed anywhere (this admin, another one, another instance) → fresh row + highlight.
  useSubscription({ query: TierChangedSubscription }, (_, event) => {
    reload();
    flash(event.tierConfigChanged.tierConfig.tierName);
    return event;
  });
  useSubscription({ query: RolloutProgressSubscription }, (_, event) => {
    const r = event.tierRolloutProgress;
    setProgress((p) => ({ ...p, [r.id]: { status: r.status, eligibleCount: r.eligibleCount, tierName: r.tierName } }));
    if (r.status !== 'RUNNING') {
      reload(); // subscriber counts and pending rollouts change when a rollout starts or ends
      flash(r.tierName);
    }
    return event;
  });

  const tiers = data?.tierConfigs ?? [];
  const hasData = !!data;
  useEffect(() => {
    // For the browser test's time-to-interactive: the first time the table has its rows.
    if (hasData && performance.getEntriesByName('tiers-interactive').length === 0) performance.mark('tiers-interactive');
  }, [hasData]);
  return (
    <>
      <Group justify="space-between" mb="sm">
        <Title order={2}>Tiers</Title>
        <Button variant="default" size="xs" onClick={reload} loading={fetching && !!data}>
          Refresh
        </Button>
      </Group>
      {saved && (
        <Alert color="green" title="Saved" withCloseButton onClose={() => setSaved(null)} mb="sm" role="status">
          {saved.text}
          {saved.warnings.length > 0 && (
            <List size="sm" mt="xs">
              {saved.warnings.map((w) => (
                <List.Item key={w}>Warning: {w}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      <RequestError error={error} />
      {!data && fetching && <Loading label="Loading tiers…" />}
      {data && tiers.length === 0 && <Empty>No tiers.</Empty>}
      {tiers.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table aria-label="Tiers" striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Tier</Table.Th>
                <Table.Th scope="col" ta="right">Credits</Table.Th>
                <Table.Th scope="col" ta="right">Monthly price</Table.Th>
                <Table.Th scope="col" ta="right">Annual price</Table.Th>
                <Table.Th scope="col" ta="right">Max rollover</Table.Th>
                <Table.Th scope="col">Active</Table.Th>
                <Table.Th scope="col" ta="right">Version</Table.Th>
                <Table.Th scope="col" ta="right">Active subscribers</Table.Th>
                <Table.Th scope="col">Pending rollouts</Table.Th>
                <Table.Th scope="col">Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tiers.map((t) => (
                <Table.Tr key={`${t.tierName}-${highlight[t.tierName] ?? 0}`} data-tier={t.tierName} data-highlight={highlight[t.tierName] ? 'true' : undefined} data-inactive={!t.isActive ? 'true' : undefined}>
                  <Table.Th scope="row">
                    <Text fw={600} size="sm">{t.displayName}</Text>
                    <Text size="xs" c="dimmed">{t.tierName}</Text>
                  </Table.Th>
                  <Table.Td ta="right">{formatInt(t.monthlyCreditAllocation)}</Table.Td>
                  <Table.Td ta="right">{formatUsd(t.monthlyPriceUsd)}</Table.Td>
                  <Table.Td ta="right">{formatUsd(t.annualPriceUsd)}</Table.Td>
                  <Table.Td ta="right">{formatInt(t.maxCreditRollover)}</Table.Td>
                  <Table.Td>{t.isActive ? <Badge color="green" variant="light">Active</Badge> : <Badge color="gray" variant="outline">Inactive</Badge>}</Table.Td>
                  <Table.Td ta="right">{t.configVersion}</Table.Td>
                  <Table.Td ta="right">{formatInt(t.activeSubscriberCount)}</Table.Td>
                  <Table.Td>
                    {t.pendingRollouts.length === 0
                      ? '—'
                      : t.pendingRollouts.map((r) => {
                          const live = progress[r.id] ?? r;
                          return (
                            <Text size="xs" key={r.id}>
                              → {formatInt(r.toCredits)} ({live.status.toLowerCase()}, {rolloutPercent(live, t.activeSubscriberCount)}%)
                            </Text>
                          );
                        })}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="xs" variant="light" onClick={() => setDialog({ kind: 'credits', tier: t })} aria-label={`Edit credits of ${t.displayName}`}>
                        Edit credits
                      </Button>
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <Button size="xs" variant="subtle" aria-label={`More changes to ${t.displayName}`}>
                            More…
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item onClick={() => setDialog({ kind: 'prices', tier: t })}>Edit prices</Menu.Item>
                          <Menu.Item onClick={() => setDialog({ kind: 'features', tier: t })}>Edit features</Menu.Item>
                          <Menu.Item onClick={() => setDialog({ kind: 'rollover', tier: t })}>Edit rollover</Menu.Item>
                          <Menu.Item color={t.isActive ? 'red' : undefined} onClick={() => setDialog({ kind: 'active', tier: t })}>
                            {t.isActive ? 'Deactivate' : 'Activate'}
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {dialog?.kind === 'credits' && (
        <EditCreditsDialog
          tier={dialog.tier}
          onClose={() => setDialog(null)}
          onSaved={(s) => {
            setDialog(null);
            setSaved(s);
            reload();
          }}
        />
      )}
      {dialog && dialog.kind !== 'credits' && (
        <ChangeDialog
          kind={dialog.kind}
          tier={dialog.tier}
          onClose={() => setDialog(null)}
          onSaved={(s) => {
            setDialog(null);
            setSaved(s);
            reload();
          }}
        />
      )}
    </>
  );
}
