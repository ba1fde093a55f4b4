import { AppShell, Badge, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { lazy, Suspense, useSyncExternalStore, type ReactNode } from 'react';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { useAuth } from './auth/AuthContext';
import { SignIn } from './auth/SignIn';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Loading } from './components/States';
import { TiersPage } from './pages/Tiers';

// The landing page is in the first bundle; the others load when first opened.
const RolloutsPage = lazy(() => import('./pages/Rollouts').then((m) => ({ default: m.RolloutsPage })));
const HistoryPage = lazy(() => import('./pages/History').then((m) => ({ default: m.HistoryPage })));
const VersionsPage = lazy(() => import('./pages/Versions').then((m) => ({ default: m.VersionsPage })));
const SubscribersPage = lazy(() => import('./pages/Subscribers').then((m) => ({ default: m.SubscribersPage })));
import type { LiveConnection } from './graphql/client';

const links = [
  { href: '/', label: 'Tiers' },
  { href: '/rollouts', label: 'Rollouts' },
  { href: '/history', label: 'History' },
  { href: '/versions', label: 'Versions' },
  { href: '/subscribers', label: 'Subscribers' },
];

function LiveIndicator({ live }: { live: LiveConnection }) {
  const status = useSyncExternalStore(live.subscribe, live.get);
  const [color, text] =
    status === 'connected' ? ['green', 'Live'] : status === 'reconnecting' ? ['orange', 'Live connection lost — reconnecting…'] : status === 'closed' ? ['red', 'Live connection closed'] : ['gray', 'Connecting…'];
  return (
    <Badge color={color} variant="light" role="status" aria-live="polite" data-live-status={status}>
      {text}
    </Badge>
  );
}

function Shell({ children }: { children: ReactNode }) {
  const { session, clients, signOut } = useAuth();
  const [location] = useLocation();
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 200, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Title order={1} size="h4">
            Rephlo Tiers admin
          </Title>
          <Group>
            {clients && <LiveIndicator live={clients.live} />}
            <Text size="sm" aria-label="Signed in as">
              {session?.name ?? session?.subject ?? 'admin'}
            </Text>
            <Button variant="default" size="xs" onClick={() => signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {links.map((l) => (
          <NavLink
            key={l.href}
            component={Link}
            href={l.href}
            label={l.label}
            active={l.href === '/' ? location === '/' : location.startsWith(l.href)}
            aria-current={(l.href === '/' ? location === '/' : location.startsWith(l.href)) ? 'page' : undefined}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main component="main">
        <ErrorBoundary key={location}>
          <Suspense fallback={<Loading label="Loading…" />}>{children}</Suspense>
        </ErrorBoundary>
      </AppShell.Main>
    </AppShell>
  );
}

export function App() {
  const { session, clients } = useAuth();
  if (!session || !clients) return <SignIn />;
  return (
    <Shell>
      <Switch>
        <Route path="/" component={TiersPage} />
        <Route path="/rollouts" component={RolloutsPage} />
        <Route path="/history" component={HistoryPage} />
        <Route path="/versions" component={VersionsPage} />
        <Route path="/subscribers" component={SubscribersPage} />
        <Route>
          <Redirect to="/" />
        </Route>
      </Switch>
    </Shell>
  );
}
