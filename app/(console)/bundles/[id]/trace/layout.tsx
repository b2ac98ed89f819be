import { requirePageUser } from '@/lib/server/session';

/**
 * The role check runs here as well as in the page: this layout sits outside the segment's
 * loading boundary, so a manager's refusal answers 403 before the loading state streams a 200.
 */
export default async function TraceLayout({ children }: { children: React.ReactNode }) {
  await requirePageUser('bundle:contents');
  return children;
}
