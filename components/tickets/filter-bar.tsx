'use client';
// The ticket list's filters: a GET form (works without JS), submitted as soon as a choice changes.
import { useEffect, useRef } from 'react';
import { Select, Input } from '@/components/ui/field';
import { TICKET_STATUSES } from '@/db/values';
import { STATUS_LABELS } from '@/lib/tickets/workflow';

export interface FilterValues {
  q?: string;
  severity?: string;
  status?: string;
  assignee?: string;
  release?: string;
  sort?: string;
  sla?: string;
}

export function TicketFilterBar({ values, people }: { values: FilterValues; people: { id: string; label: string }[] }) {
  const form = useRef<HTMLFormElement>(null);
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement;
      if (e.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)) {
        e.preventDefault();
        search.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const submit = () => form.current?.requestSubmit();
  return (
    <form ref={form} method="get" className="mb-3 flex flex-wrap items-center gap-2" role="search">
      <Input ref={search} name="q" defaultValue={values.q} placeholder="Search summary, customer, notes, #id  ( / )" aria-label="Search tickets" className="w-64" />
      <Select name="severity" defaultValue={values.severity ?? ''} onChange={submit} aria-label="Severity" className="w-40">
        <option value="">Any severity</option>
        <option value="1">Sev-1</option>
        <option value="2">Sev-2</option>
        <option value="3">Sev-3</option>
      </Select>
      <Select name="status" defaultValue={values.status ?? ''} onChange={submit} aria-label="Status" className="w-48">
        <option value="">Open (not closed)</option>
        <option value="all">Any status</option>
        {TICKET_STATUSES.map((s) => (
          <option key={s} value={s}>
            {STATUS_LABELS[s]}
          </option>
        ))}
      </Select>
      <Select name="assignee" defaultValue={values.assignee ?? ''} onChange={submit} aria-label="Assignee" className="w-48">
        <option value="">Anyone</option>
        <option value="me">Me</option>
        <option value="unassigned">Unassigned</option>
        {people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </Select>
      <Select name="sla" defaultValue={values.sla ?? ''} onChange={submit} aria-label="SLA" className="w-52">
        <option value="">Any SLA state</option>
        <option value="due-today">Breached or due today</option>
        <option value="breached">Breached</option>
      </Select>
      <Input name="release" defaultValue={values.release} placeholder="Release, e.g. 4.12.1" aria-label="Release version" className="w-44" />
      <Select name="sort" defaultValue={values.sort ?? 'newest'} onChange={submit} aria-label="Sort" className="w-44">
        <option value="newest">Newest first</option>
        <option value="oldest">Oldest first</option>
        <option value="severity">Most severe</option>
        <option value="updated">Recently updated</option>
      </Select>
      <button type="submit" className="sr-only">
        Apply filters
      </button>
    </form>
  );
}
