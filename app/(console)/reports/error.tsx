'use client';
import { PageError } from '@/components/shell/page-error';

export default function ReportError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError title="The report could not be shown" error={error} reset={reset} />;
}
