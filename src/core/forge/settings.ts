// Small readers for forge settings shared by the CLI and the extension.
import { ForgeError } from './errors';
import type { MergeMethod } from './types';

const METHODS: MergeMethod[] = ['squash', 'merge', 'rebase'];

/** The merge method from a setting or flag; squash when unset. */
export function parseMergeMethod(value: string | undefined): MergeMethod {
  if (!value) return 'squash';
  if (!METHODS.includes(value as MergeMethod))
    throw new ForgeError('config', `Unknown merge method '${value}'. Use squash, merge or rebase.`);
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

/**
 * stackline.github.stackListInBody: always (every PR body lists the stack: it reads well in mail and
 * other clients) or withoutNativeStack (only where GitHub shows no stack map of its own).
 */
export type StackListSetting = 'always' | 'withoutNativeStack';

export function parseStackList(value: string | undefined): StackListSetting {
  if (!value) return 'always';
  if (value !== 'always' && value !== 'withoutNativeStack')
    throw new ForgeError(
      'config',
      `Unknown stackline.github.stackListInBody value '${value}'. Use always or withoutNativeStack.`,
    );
  return value;
}

/** stackline.github.nativeStacks: auto (use GitHub's native stacks where the repository has them), on, off. */
export type NativeStacksSetting = 'auto' | 'on' | 'off';

export function parseNativeStacks(value: string | undefined): NativeStacksSetting {
  if (!value) return 'auto';
  if (value !== 'auto' && value !== 'on' && value !== 'off')
    throw new ForgeError('config', `Unknown stackline.github.nativeStacks value '${value}'. Use auto, on or off.`);
  return value;
}
