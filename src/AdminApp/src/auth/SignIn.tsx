import { Alert, Button, Code, Container, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useAuth } from './AuthContext';

function isDevelopment(): boolean {
  const meta = document.querySelector('meta[name="rephlo-environment"]')?.getAttribute('content');
  return meta === 'Development' || (meta?.startsWith('__') === true && import.meta.env.DEV);
}

export function SignIn() {
  const { signIn, notice, signingIn } = useAuth();
  const [token, setToken] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void signIn(token);
  };

  return (
    <Container size={520} py={64} component="main">
      <Paper withBorder p="xl" radius="md">
        <form onSubmit={submit} aria-labelledby="sign-in-title">
          <Stack>
            <Title order={1} size="h2" id="sign-in-title">
              Rephlo Tiers admin
            </Title>
            <Text c="dimmed">Sign in with a bearer token (JWT) that has the admin role. It is kept in this browser tab only.</Text>
            {notice && (
              <Alert role="alert" color={notice.tone === 'error' ? 'red' : 'blue'} title={notice.tone === 'error' ? 'Not signed in' : 'Signed out'}>
                {notice.text}
              </Alert>
            )}
            <PasswordInput label="Access token" value={token} onChange={(e) => setToken(e.currentTarget.value)} autoComplete="off" required data-autofocus />
            <Button type="submit" loading={signingIn}>
              Sign in
            </Button>
            {isDevelopment() && (
              <Text size="sm">
                Development: mint a token with <Code>dotnet run --project src/Api -- dev-token --role admin</Code> (add{' '}
                <Code>--name "Your Name"</Code> to be recorded by name) and paste it here.
              </Text>
            )}
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}
