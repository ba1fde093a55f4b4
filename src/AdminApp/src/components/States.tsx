import { Alert, Center, Loader, Text } from '@mantine/core';
import type { CombinedError } from '@urql/core';
import { describeError } from '../lib/errors';

export function Loading({ label }: { label: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Loader size="sm" mr="sm" aria-hidden />
      <Text>{label}</Text>
    </Center>
  );
}

export function RequestError({ error, title = 'Could not load' }: { error: CombinedError | undefined; title?: string }) {
  if (!error) return null;
  return (
    <Alert role="alert" color="red" title={title}>
      {describeError(error)}
    </Alert>
  );
}

export function Empty({ children }: { children: string }) {
  return (
    <Text c="dimmed" py="md">
      {children}
    </Text>
  );
}
