// Which ref is trunk: the setting, else origin/HEAD, else origin/main|master, else local main|master.
import { type Ref, shortRefName } from './parsers/refs';

export interface TrunkRef {
  /** Full ref name, e.g. refs/remotes/origin/main. */
  fullName: string;
  /** Short name for people, e.g. origin/main. */
  name: string;
  hash: string;
}

export function detectTrunk(refs: Ref[], setting?: string): TrunkRef | undefined {
  const byName = new Map(refs.map((ref) => [ref.name, ref]));
  const pick = (fullName: string | undefined): TrunkRef | undefined => {
    const ref = fullName ? byName.get(fullName) : undefined;
    return ref && { fullName: ref.name, name: shortRefName(ref.name), hash: ref.hash };
  };
  if (setting) {
    const wanted = setting.trim();
    return (
      pick(wanted) ??
      pick(`refs/remotes/${wanted}`) ??
      pick(`refs/heads/${wanted}`) ??
      pick(`refs/remotes/origin/${wanted}`)
    );
  }
  const originHead = byName.get('refs/remotes/origin/HEAD');
  return (
    pick(originHead?.symref) ??
    pick('refs/remotes/origin/main') ??
    pick('refs/remotes/origin/master') ??
    pick('refs/heads/main') ??
    pick('refs/heads/master')
  );
}
