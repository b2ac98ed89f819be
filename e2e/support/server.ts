// A console server the test starts and kills itself (SIGKILL to its whole process group), on
// its own port and data folder: for crash, restart and load tests.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface OwnServer {
  url: string;
  dataDir: string;
  log: () => string;
  kill: () => Promise<void>;
  /** Sends `signal` to `npm start`'s process (scripts/start.mjs), as a process manager would. */
  signal: (signal: NodeJS.Signals) => void;
  /** Resolves with the exit code of scripts/start.mjs once it ends. */
  exited: Promise<number | null>;
}

const running = new Set<OwnServer>();

/** The test worker's environment minus what belongs to the test runner (its module loader). */
function serverEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key === 'NODE_OPTIONS' || key.startsWith('PW_') || key.startsWith('PLAYWRIGHT_') || key === 'X400_LOG_FILE' || key === 'TEST_WORKER_INDEX' || key === 'TEST_PARALLEL_INDEX') delete env[key];
  return env;
}

/** Kills every server a test started and left running (call from afterEach). */
export async function killOwnServers(): Promise<void> {
  for (const server of running) await server.kill();
}

async function portAnswers(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/login`);
    return true;
  } catch {
    return false;
  }
}

export async function startOwnServer(port: number, dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-own-')), env: Record<string, string> = {}): Promise<OwnServer> {
  if (await portAnswers(port)) throw new Error(`port ${port} is already in use: a server from an earlier run is still up`);
  const logFile = path.join(dataDir, `server-${Date.now()}.log`);
  fs.mkdirSync(dataDir, { recursive: true });
  const out = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: process.cwd(),
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...serverEnv(), PORT: String(port), X400_DATA_DIR: dataDir, X400_ADMIN_EMAIL: 'admin@own.test', X400_ADMIN_PASSWORD: 'own-admin-password-1', ...env },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const r = await fetch(`${url}/login`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server on ${port} did not start:\n${fs.readFileSync(logFile, 'utf8')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const server: OwnServer = {
    url,
    dataDir,
    log: () => fs.readFileSync(logFile, 'utf8'),
    kill: async () => {
      running.delete(server);
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
      for (let i = 0; i < 50 && (await portAnswers(port)); i++) await new Promise((r) => setTimeout(r, 100));
    },
    signal: (signal) => process.kill(child.pid!, signal),
    exited,
  };
  running.add(server);
  return server;
}

export async function signInCookie(server: OwnServer, email: string, password: string): Promise<string> {
  // Sign in through the lib (same database), as the e2e fixtures do.
  const { openDatabase } = await import('@/db/client');
  const { signIn } = await import('@/lib/auth/accounts');
  const db = openDatabase(path.join(server.dataDir, 'x400-support.sqlite'), process.cwd());
  const result = await signIn(db, { email, password, ip: '127.0.0.9', ttlHours: 1 });
  db.$client.close();
  if (!result.ok) throw new Error('sign-in failed');
  return `x400_session=${result.token}`;
}
