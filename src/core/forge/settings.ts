// Small readers for forge settings shared by the CLI and the extension.
import { ForgeError } from './errors';
import type { MergeMethod } from './types';

const METHODS: MergeMethod[] = ['squash', 'merge', 'rebase'];

/** The merge method from a setting or flag; squash when unset. */
export function parseMergeMethod(value: string | undefined): MergeMethod {
  if (!value) return 'squash';
  if (!METHODS.includes(value as MergeMethod)) throw new ForgeError('config', `Unknown merge method '${value}'. Use squash, merge or rebase.`);
  return value as MergeMethod;
}

/** An API on this machine (a GitHub stand-in): no secondary rate limits to space writes for. */
export function isLoopbackApi(apiUrl: string): boolean {
  try {
    const host = new URL(apiUrl).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
  } catch {
    return false;
  }
}
