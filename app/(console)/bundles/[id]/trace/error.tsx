'use client';
import { PageError } from '@/components/shell/page-error';

export default function TraceError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError title="The trace could not be shown" error={error} reset={reset} />;
}
