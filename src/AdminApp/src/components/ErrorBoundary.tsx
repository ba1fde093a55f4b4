import { Alert, Button } from '@mantine/core';
import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** A page that throws shows what happened instead of a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  render() {
    if (this.state.error) {
      return (
        <Alert role="alert" color="red" title="This page failed">
          {this.state.error.message}
          <div>
            <Button mt="sm" variant="light" onClick={() => this.setState({ error: null })}>
              Try again
            </Button>
          </div>
        </Alert>
      );
    }
    return this.props.children;
  }
}
