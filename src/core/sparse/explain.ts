// What a profile would check out, computed from the commit's tree alone: the working copy, the
// index and the current sparse rules are never touched.
import type { CompiledSparse } from './compile';
import type { TreeListing } from './tree';

export interface DirectoryShare {
  /** Up to two path segments, e.g. `packages/web`; '' for the top-level files. */
  path: string;
  files: number;
  bytes: number;
}

export interface Explanation {
  mode: CompiledSparse['mode'];
  files: number;
  bytes: number;
  totalFiles: number;
  totalBytes: number;
  /** Files whose size is unknown (a partial clone has not downloaded them): left out of the bytes. */
  unknownSizes: number;
  /** The folders that weigh most in the checkout, largest first. */
  largest: DirectoryShare[];
}

export function explain(compiled: CompiledSparse, tree: TreeListing, largest = 8): Explanation {
  const result: Explanation = {
    mode: compiled.mode,
    files: 0,
    bytes: 0,
    totalFiles: 0,
    totalBytes: 0,
    unknownSizes: 0,
    largest: [],
  };
  const shares = new Map<string, DirectoryShare>();
  for (const file of tree.files) {
    const size = file.size ?? 0;
    result.totalFiles++;
    result.totalBytes += size;
    if (!compiled.matcher.matches(file.path)) continue;
    result.files++;
    result.bytes += size;
    if (file.size === undefined) result.unknownSizes++;
    const key = groupOf(file.path);
    const share = shares.get(key) ?? { path: key, files: 0, bytes: 0 };
    share.files++;
    share.bytes += size;
    shares.set(key, share);
  }
  result.largest = [...shares.values()]
    .sort((a, b) => b.bytes - a.bytes || b.files - a.files || a.path.localeCompare(b.path))
    .slice(0, largest);
  return result;
}

/** The files a compiled profile keeps, in tree order. */
export function filesIn(compiled: CompiledSparse, tree: TreeListing): string[] {
  return tree.files.filter((file) => compiled.matcher.matches(file.path)).map((file) => file.path);
}

function groupOf(path: string): string {
  const first = path.indexOf('/');
  if (first < 0) return '';
  const second = path.indexOf('/', first + 1);
  return second < 0 ? path.slice(0, first) : path.slice(0, second);
}

/** 1536 → "1.5 KB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0
    ? `${value} ${value === 1 ? 'byte' : 'bytes'}`
    : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** files / total as "12.5%" (one decimal; "<0.1%" for a sliver that is not zero). */
export function formatShare(part: number, total: number): string {
  if (total === 0) return '0%';
  const percent = (part / total) * 100;
  if (percent > 0 && percent < 0.1) return '<0.1%';
  return `${percent.toFixed(percent >= 99.95 || Number.isInteger(percent) ? 0 : 1)}%`;
}
