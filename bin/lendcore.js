#!/usr/bin/env node
// Entry point for the `lendcore` command: loads the TypeScript sources through tsx, so `npm ci` is
// the whole set-up (no build step, no install scripts).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
