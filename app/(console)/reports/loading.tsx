import { PageLoading } from '@/components/shell/page-error';

export default function ReportLoading() {
  return <PageLoading label="Loading the report…" />;
}
