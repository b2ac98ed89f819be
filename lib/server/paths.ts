// Paths revalidated after writes, named in one place.
import 'server-only';

export const PATHS = {
  queue: '/',
  tickets: '/tickets',
  ticket: (id: number) => `/tickets/${id}`,
  newTicket: '/tickets/new',
  bundle: (id: string) => `/bundles/${id}`,
  board: '/board',
  settings: '/settings',
  audit: '/audit',
} as const;
