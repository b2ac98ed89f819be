import { PageLoading } from '@/components/shell/page-error';

export default function TraceLoading() {
  return <PageLoading label="Loading the trace…" />;
}
