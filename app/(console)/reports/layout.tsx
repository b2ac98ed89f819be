import { requirePageUser } from '@/lib/server/session';

/**
 * The role check runs here as well as in each page: this layout sits outside the segment's
 * loading boundary, so a refusal answers 403 before anything streams. The pages check again.
 */
export default async function ReportsLayout({ children }: { children: React.ReactNode }) {
  await requirePageUser('reports:read');
  return children;
}
