// The waterfall's interaction reducer, tested without rendering (as jaeger-ui tests store.timeline.ts).
import { describe, expect, it } from 'vitest';
import { activeCollapsed, initialTimelineState, timelineReducer, type TimelineState } from '@/lib/trace-view/timeline-state';

// 0 root ─┬ 1 a ─┬ 2 a1
//         │      └ 3 a2
//         └ 4 b
const tree = { subtreeSize: Int32Array.from([5, 3, 1, 1, 1]), parent: Int32Array.from([-1, 0, 1, 1, 0]) };

/** The visible rows for a collapse state (pre-order, collapsed subtrees skipped). */
function rows(state: TimelineState): Int32Array {
  const c = activeCollapsed(state);
  const out: number[] = [];
  for (let i = 0; i < 5; ) {
    out.push(i);
    i += c[i] ? tree.subtreeSize[i]! : 1;
  }
  return Int32Array.from(out);
}

const start = () => initialTimelineState(new Uint8Array(5));

describe('timeline reducer', () => {
  it('childrenToggle collapses and expands one span, returning new arrays', () => {
    const s0 = start();
    const s1 = timelineReducer(s0, { type: 'childrenToggle', pos: 1 });
    expect(s1).not.toBe(s0);
    expect(s0.collapsed[1]).toBe(0);
    expect([...rows(s1)]).toEqual([0, 1, 4]);
    const s2 = timelineReducer(s1, { type: 'childrenToggle', pos: 1 });
    expect([...rows(s2)]).toEqual([0, 1, 2, 3, 4]);
  });

  it('collapseAll closes every span with children; expandAll opens all', () => {
    const closed = timelineReducer(start(), { type: 'collapseAll', tree });
    expect([...closed.collapsed]).toEqual([1, 1, 0, 0, 0]);
    expect([...rows(closed)]).toEqual([0]);
    expect([...rows(timelineReducer(closed, { type: 'expandAll' }))]).toEqual([0, 1, 2, 3, 4]);
  });

  it('reveal opens the ancestors of a hidden span and selects it', () => {
    const closed = timelineReducer(start(), { type: 'collapseAll', tree });
    const s = timelineReducer(closed, { type: 'reveal', pos: 3, tree });
    expect(s.selected).toBe(3);
    expect([...rows(s)]).toEqual([0, 1, 2, 3, 4]);
    expect([...closed.collapsed]).toEqual([1, 1, 0, 0, 0]);
  });

  it('a filter gets its own collapse state, everything open; turning it off restores the other', () => {
    const s1 = timelineReducer(timelineReducer(start(), { type: 'childrenToggle', pos: 1 }), { type: 'filterChanged', active: true });
    expect([...rows(s1)]).toEqual([0, 1, 2, 3, 4]);
    const s2 = timelineReducer(s1, { type: 'childrenToggle', pos: 0 });
    expect([...rows(s2)]).toEqual([0]);
    const s3 = timelineReducer(s2, { type: 'filterChanged', active: false });
    expect([...rows(s3)]).toEqual([0, 1, 4]);
  });

  it('keyboard moves: down and up along rows, left collapses then climbs, right expands then descends', () => {
    let s = start();
    const move = (key: 'up' | 'down' | 'left' | 'right') => { s = timelineReducer(s, { type: 'move', key, rows: rows(s), tree }); };
    move('down');
    expect(s.selected).toBe(0);
    move('down');
    move('down');
    expect(s.selected).toBe(2);
    move('up');
    expect(s.selected).toBe(1);
    move('left'); // collapses a
    expect([...rows(s)]).toEqual([0, 1, 4]);
    expect(s.selected).toBe(1);
    move('left'); // climbs to root
    expect(s.selected).toBe(0);
    move('right'); // root is open: descends to a
    expect(s.selected).toBe(1);
    move('right'); // a is collapsed: expands it
    expect([...rows(s)]).toEqual([0, 1, 2, 3, 4]);
    move('right');
    expect(s.selected).toBe(2);
    move('down');
    move('down');
    move('down');
    expect(s.selected).toBe(4); // stops at the last row
  });

  it('select is a no-op when nothing changes', () => {
    const s = timelineReducer(start(), { type: 'select', pos: 2 });
    expect(timelineReducer(s, { type: 'select', pos: 2 })).toBe(s);
    expect(timelineReducer(s, { type: 'select', pos: null }).selected).toBeNull();
  });
});
