import '@mantine/core/styles.css';
import './app.css';
import { MantineProvider, createTheme } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setNonce } from 'get-nonce';
import { Router } from 'wouter';
import { App } from './App';
import { AuthProvider } from './auth/AuthContext';

// The API serves index.html with a per-response CSP nonce in this meta tag; Mantine puts it on the
// <style> elements it adds (CSS variables), so style-src needs no 'unsafe-inline'.
const nonce = document.querySelector('meta[name="csp-nonce"]')?.getAttribute('content') ?? '';
// Modal's scroll lock (react-remove-scroll) adds a <style> element too: it takes the nonce from get-nonce.
setNonce(nonce);
// Shade 8 keeps white-on-primary text above 4.5:1 contrast.
const theme = createTheme({ primaryColor: 'indigo', primaryShade: 8, defaultRadius: 'sm' });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} getStyleNonce={() => nonce} defaultColorScheme="light">
      <Router base="/admin">
        <AuthProvider>
          <App />
        </AuthProvider>
      </Router>
    </MantineProvider>
  </StrictMode>,
);
