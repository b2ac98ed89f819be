'use client';
import { PageError } from '@/components/shell/page-error';

export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError title="This page could not be shown" error={error} reset={reset} />;
}
