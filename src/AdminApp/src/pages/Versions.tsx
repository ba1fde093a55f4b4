import { Alert, Badge, Button, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useLocation, useSearch } from 'wouter';
import { ReasonDialog } from '../components/ReasonDialog';
import { Empty, Loading, RequestError } from '../components/States';
import { graphql } from '../gql';
import { describeError } from '../lib/errors';
import { diffVersions } from '../lib/diff';
import { formatDateTime, formatInt } from '../lib/format';
import { toReasonResult } from './Rollouts';

const VersionsQuery = graphql(`
  query Versions($tierName: String!) {
    tierConfigs(order: [{ rank: ASC }]) {
      tierName
      displayName
    }
    tierConfig(tierName: $tierName) {
      id
      tierName
      displayName
      configVersion
      monthlyCreditAllocation
      monthlyPriceUsd
      annualPriceUsd
      maxCreditRollover
      features
      isActive
      versions {
        configVersion
        monthlyCreditAllocation
        monthlyPriceUsd
        annualPriceUsd
        maxCreditRollover
        features
        isActive
        createdAt
        createdByName
      }
    }
  }
`);

const Rollback = graphql(`
  mutation RollbackTierConfig($input: RollbackTierConfigInput!) {
    rollbackTierConfig(input: $input) {
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

export function VersionsPage() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const tierName = params.get('tier') ?? 'pro';
  const selected = params.get('version') ? Number(params.get('version')) : null;
  const [{ data, fetching, error }, refetch] = useQuery({ query: VersionsQuery, variables: { tierName }, requestPolicy: 'cache-and-network' });
  const [rollingBack, setRollingBack] = useState(false);
  const [done, setDone] = useState<{ text: string; warnings: string[] } | null>(null);
  const [, rollback] = useMutation(Rollback);
  const tier = data?.tierConfig;
  const versions = [...(tier?.versions ?? [])].sort((a, b) => b.configVersion - a.configVersion);
  const chosen = versions.find((v) => v.configVersion === selected) ?? null;
  const go = (t: string, v?: number) => navigate(`/versions?tier=${encodeURIComponent(t)}${v ? `&version=${v}` : ''}`);

  return (
    <>
      <Title order={2} mb="sm">
        Versions
      </Title>
      <NativeSelect mb="md" maw={280} label="Tier" value={tierName} onChange={(e) => go(e.currentTarget.value)} data={(data?.tierConfigs ?? [{ tierName, displayName: tierName }]).map((t) => ({ value: t.tierName, label: t.displayName }))} />
      {done && (
        <Alert color="green" title="Rolled back" role="status" withCloseButton onClose={() => setDone(null)} mb="sm">
          {done.text}
          {done.warnings.map((w) => (
            <Text size="sm" key={w}>Warning: {w}</Text>
          ))}
        </Alert>
      )}
      <RequestError error={error} />
      {!data && fetching && <Loading label="Loading versions…" />}
      {data && !tier && <Empty>{`No tier named ${tierName}.`}</Empty>}
      {tier && (
        <Group align="flex-start" gap="xl" wrap="wrap">
          <Table aria-label="Versions" w={520} highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Version</Table.Th>
                <Table.Th scope="col">Credits</Table.Th>
                <Table.Th scope="col">Created</Table.Th>
                <Table.Th scope="col">By</Table.Th>
                <Table.Th scope="col"><span className="visually-hidden">Compare</span></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {versions.map((v) => (
                <Table.Tr key={v.configVersion} aria-selected={v.configVersion === selected}>
                  <Table.Th scope="row">
                    {v.configVersion} {v.configVersion === tier.configVersion && <Badge size="xs" variant="light">current</Badge>}
                  </Table.Th>
                  <Table.Td>{formatInt(v.monthlyCreditAllocation)}</Table.Td>
                  <Table.Td>{formatDateTime(v.createdAt)}</Table.Td>
                  <Table.Td>{v.createdByName ?? '—'}</Table.Td>
                  <Table.Td>
                    <Button size="compact-xs" variant={v.configVersion === selected ? 'filled' : 'light'} onClick={() => go(tierName, v.configVersion)} aria-label={`Compare version ${v.configVersion} with the current one`}>
                      Compare
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Stack miw={420} style={{ flex: 1 }}>
            {!chosen && <Text c="dimmed">Choose a version to compare it with the current one (version {tier.configVersion}).</Text>}
            {chosen && (
              <>
                <Table aria-label={`Version ${chosen.configVersion} compared with the current version ${tier.configVersion}`} withTableBorder>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Field</Table.Th>
                      <Table.Th scope="col">Version {chosen.configVersion}</Table.Th>
                      <Table.Th scope="col">Current (version {tier.configVersion})</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {diffVersions(chosen, tier).map((row) => (
                      <Table.Tr key={row.field} className={row.changed ? 'diff-changed' : undefined} data-changed={row.changed || undefined}>
                        <Table.Th scope="row">{row.field}{row.changed && <span className="visually-hidden"> (differs)</span>}</Table.Th>
                        <Table.Td>{row.version}</Table.Td>
                        <Table.Td>{row.current}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                <Group>
                  <Button onClick={() => setRollingBack(true)} disabled={chosen.configVersion === tier.configVersion}>
                    Roll back to this version
                  </Button>
                </Group>
              </>
            )}
          </Stack>
        </Group>
      )}
      {rollingBack && tier && chosen && (
        <ReasonDialog
          title={`Roll ${tier.displayName} back to version ${chosen.configVersion}`}
          confirmLabel="Roll back"
          onClose={() => setRollingBack(false)}
          onConfirm={async (reason) => {
            const r = await rollback({ input: { tierName: tier.tierName, toVersion: chosen.configVersion, reason, expectedVersion: tier.configVersion } });
            const problems = toReasonResult(r.data?.rollbackTierConfig.errors, describeError(r.error));
            if (!problems) {
              setRollingBack(false);
              setDone({ text: `${tier.displayName} now has the values of version ${chosen.configVersion} as version ${r.data?.rollbackTierConfig.tierConfig?.configVersion}.`, warnings: r.data?.rollbackTierConfig.warnings ?? [] });
              refetch({ requestPolicy: 'network-only' });
              go(tier.tierName);
            }
            return problems;
          }}
        >
          <Text size="sm">The comparison above is what changes. A new version is written; history keeps everything.</Text>
        </ReasonDialog>
      )}
    </>
  );
}
