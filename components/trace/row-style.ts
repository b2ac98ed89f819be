// The classes and indentation of a waterfall row, shared by the React row (the server's preview)
// and the live row pool, so both draw the same markup.

/** Room always left for the service and operation name, however deep the span. */
const NAME_ROOM = 170;

/** Indentation for a depth: 14 px a level, but never so much that the name has no room. */
export function indentFor(depth: number, nameW: number): number {
  return Math.min(depth * 14, Math.max(0, nameW - NAME_ROOM));
}

const ROW_BASE = 'absolute left-0 right-0 flex cursor-default items-center border-b border-slate-100 text-xs';
const ROW_SELECTED = `${ROW_BASE} bg-brand-50 ring-1 ring-inset ring-brand-500`;
const ROW_ERROR = `${ROW_BASE} bg-red-50/60 hover:bg-red-50`;
const ROW_PLAIN = `${ROW_BASE} hover:bg-slate-50`;

export function rowClass(selected: boolean, error: boolean): string {
  return selected ? ROW_SELECTED : error ? ROW_ERROR : ROW_PLAIN;
}

export const NAME_CLASS = 'min-w-[3rem] flex-1 truncate font-medium text-slate-800';
export const ERROR_NAME_CLASS = 'min-w-[3rem] flex-1 truncate font-medium text-red-700';

export function barClass(onPath: boolean): string {
  return onPath ? 'absolute top-[6px] h-[12px] rounded-[2px] ring-2 ring-slate-900/70' : 'absolute top-[6px] h-[12px] rounded-[2px]';
}
