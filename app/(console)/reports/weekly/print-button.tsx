'use client';
import { Button } from '@/components/ui/button';

export function PrintButton() {
  return (
    <Button size="sm" variant="secondary" onClick={() => window.print()}>
      Print
    </Button>
  );
}
