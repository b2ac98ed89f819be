// Shown instead of a bundle's contents while they are not available (no consent, parsing, failed).
import Link from 'next/link';
import { EmptyState } from '@/components/ui/card';
import type { Bundle } from '@/db/schema';

export function NotParsed({ bundle }: { bundle: Bundle }) {
  const why = !bundle.consentGranted
    ? 'The bundle’s metadata shows no telemetry consent: only its metadata was read.'
    : !bundle.consentConfirmedAt
      ? 'Consent has not been confirmed on the ticket yet; the contents are parsed after that.'
      : bundle.parseState === 'failed'
        ? `Parsing failed: ${bundle.parseError ?? 'unknown reason'}`
        : 'The contents are being parsed; reload in a moment.';
  return (
    <EmptyState title="Contents not available">
      <p>{why}</p>
      <p className="mt-2">
        <Link href={`/bundles/${encodeURIComponent(bundle.id)}`} className="text-brand-700 hover:underline">
          Back to the bundle summary
        </Link>
      </p>
    </EmptyState>
  );
}
