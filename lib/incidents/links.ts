// The rules of parent incidents, pure: a lead links tickets under one parent ticket, which carries
// the escalation (paging, stakeholders, commander, status page); each child keeps its own SLA
// clocks and customer updates. The tree is one level deep, which rules out cycles: a child has one
// parent, a parent is not a child, and a ticket is not its own parent.

export interface IncidentLinkFact {
  childTicketId: number;
  parentTicketId: number;
}

export interface LinkTicketFacts {
  id: number;
  status: string;
}

/**
 * Why `child` cannot be linked under `parent` given the links that exist, in words, or null when
 * it can. `links` must hold at least every link touching either ticket.
 */
export function linkProblem(parent: LinkTicketFacts, child: LinkTicketFacts, links: readonly IncidentLinkFact[]): string | null {
  if (parent.id === child.id) return `Ticket #${child.id} cannot be its own parent.`;
  for (const t of [parent, child]) if (t.status === 'closed') return `Ticket #${t.id} is closed: reopen it before linking.`;
  const parentOf = (id: number) => links.find((l) => l.childTicketId === id)?.parentTicketId ?? null;
  const childrenOf = (id: number) => links.filter((l) => l.parentTicketId === id).map((l) => l.childTicketId);
  const current = parentOf(child.id);
  if (current === parent.id) return `Ticket #${child.id} is already linked under #${parent.id}.`;
  if (current !== null) return `Ticket #${child.id} is already linked under #${current}: a ticket has one parent incident. Unlink it first.`;
  if (wouldCycle(parent.id, child.id, links)) return `Linking #${child.id} under #${parent.id} would make a cycle: #${parent.id} is already linked under #${child.id}.`;
  const grand = parentOf(parent.id);
  if (grand !== null) return `Ticket #${parent.id} is itself linked under #${grand}: link #${child.id} under #${grand} instead.`;
  const own = childrenOf(child.id);
  if (own.length) return `Ticket #${child.id} is the parent of ${own.map((c) => `#${c}`).join(', ')}: a parent incident cannot be linked under another ticket. Unlink its children first.`;
  return null;
}

/** Whether `child` is `parent` or one of its ancestors (following child → parent links). */
export function wouldCycle(parentId: number, childId: number, links: readonly IncidentLinkFact[]): boolean {
  const seen = new Set<number>();
  for (let at: number | null = parentId; at !== null && !seen.has(at); ) {
    if (at === childId) return true;
    seen.add(at);
    at = links.find((l) => l.childTicketId === at)?.parentTicketId ?? null;
  }
  return false;
}

/**
 * Groups board tickets: a child whose parent is among `ids` sits under it; a child whose parent is
 * not (resolved, closed) stays on its own. Returns parent id → its children, in `ids` order.
 */
export function groupUnderParents(ids: readonly number[], links: readonly IncidentLinkFact[]): Map<number, number[]> {
  const present = new Set(ids);
  const parentOf = new Map(links.map((l) => [l.childTicketId, l.parentTicketId]));
  const groups = new Map<number, number[]>();
  for (const id of ids) {
    const p = parentOf.get(id);
    if (p === undefined || !present.has(p) || parentOf.has(p)) continue;
    let list = groups.get(p);
    if (!list) groups.set(p, (list = []));
    list.push(id);
  }
  return groups;
}
