#!/usr/bin/env node
// Package entry for `npx switchboard`: runs the TypeScript CLI on Node's type stripping.
import '../src/cli/main.ts';
