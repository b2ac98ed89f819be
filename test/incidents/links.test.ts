// The rules of parent incidents (lib/incidents/links.ts): no cycles, a child has one parent, a
// parent cannot be a child, and the board's grouping.
import { describe, expect, it } from 'vitest';
import { groupUnderParents, linkProblem, wouldCycle, type IncidentLinkFact } from '@/lib/incidents/links';

const open = (id: number) => ({ id, status: 'investigating' });
const link = (child: number, parent: number): IncidentLinkFact => ({ childTicketId: child, parentTicketId: parent });

describe('linkProblem', () => {
  it('allows linking two unlinked open tickets, and more children under one parent', () => {
    expect(linkProblem(open(1), open(2), [])).toBeNull();
    expect(linkProblem(open(1), open(3), [link(2, 1)])).toBeNull();
  });

  it('refuses a ticket as its own parent', () => {
    expect(linkProblem(open(1), open(1), [])).toBe('Ticket #1 cannot be its own parent.');
  });

  it('a child has one parent', () => {
    expect(linkProblem(open(3), open(2), [link(2, 1)])).toBe('Ticket #2 is already linked under #1: a ticket has one parent incident. Unlink it first.');
    expect(linkProblem(open(1), open(2), [link(2, 1)])).toBe('Ticket #2 is already linked under #1.');
  });

  it('no cycles: the parent of a ticket cannot be linked under it', () => {
    expect(linkProblem(open(2), open(1), [link(2, 1)])).toBe('Linking #1 under #2 would make a cycle: #2 is already linked under #1.');
    expect(wouldCycle(2, 1, [link(2, 1)])).toBe(true);
    expect(wouldCycle(3, 1, [link(3, 2), link(2, 1)])).toBe(true);
    expect(wouldCycle(3, 4, [link(3, 2), link(2, 1)])).toBe(false);
  });

  it('a parent cannot be a child, and a child cannot be a parent', () => {
    // #2 is a child of #1: it cannot take children of its own.
    expect(linkProblem(open(2), open(3), [link(2, 1)])).toBe('Ticket #2 is itself linked under #1: link #3 under #1 instead.');
    // #1 has children: it cannot go under another ticket.
    expect(linkProblem(open(4), open(1), [link(2, 1), link(3, 1)])).toBe('Ticket #1 is the parent of #2, #3: a parent incident cannot be linked under another ticket. Unlink its children first.');
  });

  it('refuses closed tickets', () => {
    expect(linkProblem({ id: 1, status: 'closed' }, open(2), [])).toBe('Ticket #1 is closed: reopen it before linking.');
    expect(linkProblem(open(1), { id: 2, status: 'closed' }, [])).toBe('Ticket #2 is closed: reopen it before linking.');
  });
});

describe('groupUnderParents', () => {
  it('puts children under a parent on the board; a child whose parent is not on the board stays on its own', () => {
    const groups = groupUnderParents([5, 1, 2, 3, 4], [link(2, 1), link(3, 1), link(4, 9)]);
    expect([...groups.entries()]).toEqual([[1, [2, 3]]]);
  });
});
