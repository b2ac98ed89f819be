// Server start: database, first admin, background jobs. Node runtime only.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Before the first request: the socket peer is the only address a client cannot forge.
  (await import('./lib/server/client-address')).recordPeerAddresses();
  const { bootServer } = await import('./lib/server/boot');
  await bootServer();
}
