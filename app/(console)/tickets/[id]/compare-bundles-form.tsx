// On a ticket with two or more parsed bundles: pick two and open the comparison (a plain GET form).
import { buttonClass } from '@/components/ui/button';
import type { Bundle } from '@/db/schema';

export function CompareBundlesForm({ bundles }: { bundles: Bundle[] }) {
  const parsed = bundles.filter((b) => b.parseState === 'parsed' && b.consentConfirmedAt);
  if (parsed.length < 2) return null;
  const select = 'h-7 max-w-[16rem] rounded-md border-0 py-0 pl-2 pr-7 text-xs ring-1 ring-inset ring-slate-300';
  return (
    <form method="get" action="/bundles/compare" className="flex flex-wrap items-center gap-2 text-xs text-slate-600" aria-label="Compare two bundles" data-testid="compare-bundles">
      Compare
      <select name="base" defaultValue={parsed[0]!.id} className={select} aria-label="Base bundle">
        {parsed.map((b) => <option key={b.id} value={b.id}>{b.fileName}</option>)}
      </select>
      with
      <select name="other" defaultValue={parsed[parsed.length - 1]!.id} className={select} aria-label="Other bundle">
        {parsed.map((b) => <option key={b.id} value={b.id}>{b.fileName}</option>)}
      </select>
      <button type="submit" className={buttonClass('secondary', 'sm')}>Compare</button>
    </form>
  );
}
