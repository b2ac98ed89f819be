// Types for build-app.mjs (bench/ui.ts and the tests import it).
import type { StdioOptions } from 'node:child_process';

export const COMPILE_HINT: string;
export function addCompileHints(distDir: string): number;
export function shiftSourceMap<T extends object>(map: T): T;
export function buildApp(opts?: { env?: NodeJS.ProcessEnv; stdio?: StdioOptions }): number;
export function appBuildIsComplete(distDir: string): boolean;
