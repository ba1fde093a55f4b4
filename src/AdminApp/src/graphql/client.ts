import { Client, cacheExchange, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';

export type LiveStatus = 'connecting' | 'connected' | 'reconnecting' | 'closed';

type Listener = (status: LiveStatus) => void;

/** The live (graphql-ws) connection's state, for the header's indicator. */
export class LiveConnection {
  private listeners = new Set<Listener>();
  status: LiveStatus = 'connecting';
  private everConnected = false;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(status: LiveStatus): void {
    if (status === 'connected') this.everConnected = true;
    const next = status === 'connecting' && this.everConnected ? 'reconnecting' : status;
    if (next === this.status) return;
    this.status = next;
    for (const l of this.listeners) l(next);
  }

  get = (): LiveStatus => this.status;
}

export interface Clients {
  client: Client;
  ws: WsClient;
  live: LiveConnection;
  dispose(): void;
}

export interface ClientOptions {
  token: string;
  /** The API refused the token (HTTP 401, WebSocket close 4403). */
  onUnauthenticated(): void;
  origin?: string;
}

/** Queries and mutations over HTTP, subscriptions over graphql-ws; the token on both. */
export function createClients({ token, onUnauthenticated, origin = window.location.origin }: ClientOptions): Clients {
  const live = new LiveConnection();
  const wsUrl = origin.replace(/^http/, 'ws') + '/graphql';
  const ws = createWsClient({
    url: wsUrl,
    lazy: false,
    connectionParams: () => ({ Authorization: `Bearer ${token}` }),
    retryAttempts: Number.POSITIVE_INFINITY,
    retryWait: async (retries) => {
      await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** retries, 5000)));
    },
    shouldRetry: (event) => !(event && typeof event === 'object' && 'code' in event && (event as CloseEvent).code === 4403),
    on: {
      connecting: () => live.set('connecting'),
      connected: () => live.set('connected'),
      closed: (event) => {
        const code = (event as CloseEvent | undefined)?.code;
        if (code === 4403) {
          live.set('closed');
          onUnauthenticated();
        } else live.set('reconnecting');
      },
    },
  });

  const client = new Client({
    url: '/graphql',
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: () => ({
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/graphql-response+json, application/json' },
    }),
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (response.status === 401) onUnauthenticated();
      return response;
    },
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });

  return {
    client,
    ws,
    live,
    dispose() {
      void ws.dispose();
    },
  };
}
