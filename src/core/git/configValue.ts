// One git config value, as git resolves it (the last one set wins). `git config --get`.
import type { GitRunner } from './runner';

export interface ConfigValueRequest {
  key: string;
  /** 'bool': git's reading of the value as a boolean, "true" or "false" (yes, on, 1 … included). */
  type?: 'bool';
}

/** The value, trimmed; undefined when the key is not set (or, with type 'bool', not a boolean). */
export async function configValue(git: GitRunner, { key, type }: ConfigValueRequest): Promise<string | undefined> {
  const out = await git.tryRun(['config', ...(type ? [`--type=${type}`] : []), '--get', key]);
  return out?.trim();
}
