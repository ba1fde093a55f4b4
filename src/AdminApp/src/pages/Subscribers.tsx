import { Button, Card, Group, SimpleGrid, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { useLocation, useSearch } from 'wouter';
import { Empty, Loading, RequestError } from '../components/States';
import { graphql } from '../gql';
import { formatDateTime, formatInt, formatUsd } from '../lib/format';
import { subscriberWhere } from '../lib/lookup';

const SubscriberQuery = graphql(`
  query SubscriberLookup($where: SubscriberFilterInput) {
    subscribers(first: 5, where: $where) {
      nodes {
        subscriptionId
        userId
        email
        tierName
        status
        billingCycle
        basePriceUsd
        monthlyCreditAllocation
        currentPeriodStart
        currentPeriodEnd
      }
    }
  }
`);

const CreditsQuery = graphql(`
  query UserCredits($userId: UUID!, $after: String) {
    userCredits(userId: $userId) {
      userId
      balance
      grants(first: 10, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          amount
          source
          reason
          periodStart
          periodEnd
          createdAt
        }
      }
    }
  }
`);

function Credits({ userId }: { userId: string }) {
  const [cursors, setCursors] = useState<string[]>([]);
  const after = cursors.at(-1);
  const [{ data, fetching, error }] = useQuery({ query: CreditsQuery, variables: { userId, after }, requestPolicy: 'cache-and-network' });
  const credits = data?.userCredits;
  if (error) return <RequestError error={error} />;
  if (!data && fetching) return <Loading label="Loading credits…" />;
  if (!credits) return <Empty>No credits recorded for this user.</Empty>;
  const grants = credits.grants.nodes ?? [];
  return (
    <section aria-label="Credits">
      <Text size="lg" fw={600} mb="xs">
        Balance: <span data-testid="balance">{formatInt(credits.balance)}</span> credits
      </Text>
      {grants.length === 0 ? (
        <Empty>No grants.</Empty>
      ) : (
        <Table aria-label="Credit grants" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Granted at</Table.Th>
              <Table.Th scope="col">Amount</Table.Th>
              <Table.Th scope="col">Source</Table.Th>
              <Table.Th scope="col">Reason</Table.Th>
              <Table.Th scope="col">Period</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {grants.map((g) => (
              <Table.Tr key={g.id}>
                <Table.Td>{formatDateTime(g.createdAt)}</Table.Td>
                <Table.Td>{formatInt(g.amount)}</Table.Td>
                <Table.Td>{g.source.replace('_', ' ').toLowerCase()}</Table.Td>
                <Table.Td>{g.reason ?? '—'}</Table.Td>
                <Table.Td>{formatDateTime(g.periodStart)} – {formatDateTime(g.periodEnd)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group mt="sm" component="nav" aria-label="Grant pages">
        <Button variant="default" size="xs" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Previous page
        </Button>
        <Text size="sm">
          Page {cursors.length + 1} of {Math.max(1, Math.ceil(credits.grants.totalCount / 10))} ({formatInt(credits.grants.totalCount)} grants)
        </Text>
        <Button variant="default" size="xs" disabled={!credits.grants.pageInfo.hasNextPage} onClick={() => setCursors((c) => [...c, credits.grants.pageInfo.endCursor ?? ''])}>
          Next page
        </Button>
      </Group>
    </section>
  );
}

export function SubscribersPage() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const q = new URLSearchParams(search).get('q') ?? '';
  const [text, setText] = useState(q);
  const where = subscriberWhere(q);
  const [{ data, fetching, error }] = useQuery({ query: SubscriberQuery, variables: { where }, pause: !where, requestPolicy: 'cache-and-network' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/subscribers?q=${encodeURIComponent(text.trim())}`);
  };
  const found = data?.subscribers.nodes ?? [];

  return (
    <>
      <Title order={2} mb="sm">
        Subscribers
      </Title>
      <form onSubmit={submit} aria-label="Look up a subscriber">
        <Group align="flex-end" mb="md">
          <TextInput label="User id or email" value={text} onChange={(e) => setText(e.currentTarget.value)} w={380} data-autofocus />
          <Button type="submit">Look up</Button>
        </Group>
      </form>
      {q && !where && <Empty>Enter a user id (UUID) or an email address.</Empty>}
      <RequestError error={error} />
      {where && !data && fetching && <Loading label="Looking up…" />}
      {where && data && found.length === 0 && <Empty>{`No subscriber with ${q}.`}</Empty>}
      {found.map((s) => (
        <Card key={s.subscriptionId} withBorder mb="md">
          <SimpleGrid cols={{ base: 2, md: 4 }} mb="md">
            <div><Text size="xs" c="dimmed">Email</Text><Text>{s.email ?? '—'}</Text></div>
            <div><Text size="xs" c="dimmed">User id</Text><Text size="sm">{s.userId}</Text></div>
            <div><Text size="xs" c="dimmed">Tier</Text><Text>{s.tierName}</Text></div>
            <div><Text size="xs" c="dimmed">Status</Text><Text>{s.status.toLowerCase().replace('_', ' ')}</Text></div>
            <div><Text size="xs" c="dimmed">Billing</Text><Text>{s.billingCycle.toLowerCase()}, {formatUsd(s.basePriceUsd)}</Text></div>
            <div><Text size="xs" c="dimmed">Monthly credits</Text><Text>{formatInt(s.monthlyCreditAllocation)}</Text></div>
            <div><Text size="xs" c="dimmed">Current period</Text><Text size="sm">{formatDateTime(s.currentPeriodStart)} – {formatDateTime(s.currentPeriodEnd)}</Text></div>
          </SimpleGrid>
          <Credits userId={s.userId} />
        </Card>
      ))}
    </>
  );
}
