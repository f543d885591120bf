// Text output of `stackline sparse`: profile lists, profile details, explanations, switch results.
import { formatCount, plural } from '../../core/format';
import { formatBytes, formatShare, type Explanation } from '../../core/sparse/explain';
import type { ProfileSummary, SparseStatus } from '../../core/sparse/inspect';
import type { BlockedFile, DoomedDirectory, Profile } from '../../core/sparse/model';
import type { SwitchResult } from '../../core/sparse/switch';
import type { CompiledSparse } from '../../core/sparse/compile';

export function formatList(profiles: ProfileSummary[], all: boolean): string {
  const shown = profiles.filter((p) => all || !p.hidden || p.active);
  if (shown.length === 0) return '';
  const width = Math.max(...shown.map((p) => p.name.length));
  const titleWidth = Math.max(...shown.map((p) => p.title.length));
  return shown
    .map((p) => {
      const mark = p.active ? '*' : ' ';
      if (p.error) return `${mark} ${p.name.padEnd(width)}  ! ${p.error}`;
      const e = p.explanation;
      const counts = e
        ? `  ${plural(e.files, 'file')} (${formatShare(e.files, e.totalFiles)}), ${formatBytes(e.bytes)}`
        : '';
      const hidden = p.hidden ? '  (hidden)' : '';
      const title = `${mark} ${p.name.padEnd(width)}  ${p.title.padEnd(titleWidth)}${counts}${hidden}`;
      return p.description ? `${title}\n  ${' '.repeat(width)}  ${p.description.replace(/\n/g, ' ')}` : title;
    })
    .join('\n');
}

export function formatStatus(
  status: SparseStatus,
  stale: boolean,
  names: (path: string) => string,
  profileCount: number,
): string {
  if (status.mode === 'full') {
    return `Full checkout. ${profileCount ? `${plural(profileCount, 'profile')} in ${status.profileDirectory}/: run stackline sparse list.` : `No profiles in ${status.profileDirectory}/ yet.`}`;
  }
  if (status.mode === 'unmanaged') {
    return 'Sparse checkout set outside Stackline (git sparse-checkout). stackline sparse switch <profile> replaces it; stackline sparse off restores the full checkout.';
  }
  const active = status.profiles.map(names).join(', ');
  const line = `Sparse checkout: ${status.profiles.length === 1 ? 'profile' : 'profiles'} ${active} (${status.mode} mode).`;
  return stale ? `${line}\nThe profile changed since it was applied: run stackline sparse reapply.` : line;
}

export function formatProfile(profile: Profile, compiled: CompiledSparse): string {
  const text = (r: Profile['include'][number]) => `${r.kind === 'path' ? 'path:' : ''}${r.pattern || '.'}`;
  const width = Math.max(0, ...[...profile.include, ...profile.exclude, ...profile.always].map((r) => text(r).length));
  const rules = (label: string, list: Profile['include']) =>
    list.length === 0 ? [] : [`${label}:`, ...list.map((r) => `  ${text(r).padEnd(width)}  (${r.file}:${r.line})`)];
  return [
    `Profile ${profile.path}`,
    `Title:        ${profile.title}`,
    ...(profile.description ? [`Description:  ${profile.description.replace(/\n/g, '\n              ')}`] : []),
    ...(profile.hidden ? ['Hidden:       yes'] : []),
    ...(profile.files.length > 1 ? [`Includes:     ${profile.files.slice(1).join(', ')}`] : []),
    ...rules('Include', profile.include),
    ...rules('Exclude', profile.exclude),
    ...rules('Always', profile.always),
    `Git rules (${compiled.mode} mode${compiled.mode === 'cone' ? ': folders' : ': last match wins'}):`,
    ...(compiled.rules.length ? compiled.rules.map((r) => `  ${r}`) : ['  (top-level files only)']),
    ...profile.warnings.map((w) => `warning: ${w}`),
  ].join('\n');
}

export function formatExplanation(label: string, e: Explanation): string {
  const lines = [
    `${label} (${e.mode} mode): ${formatCount(e.files)} of ${plural(e.totalFiles, 'file')} (${formatShare(e.files, e.totalFiles)}), ${formatBytes(e.bytes)} of ${formatBytes(e.totalBytes)} (${formatShare(e.bytes, e.totalBytes)}).`,
  ];
  if (e.unknownSizes > 0)
    lines.push(`Sizes of ${plural(e.unknownSizes, 'file')} not downloaded yet (partial clone) are not counted.`);
  if (e.largest.length > 0) {
    const width = Math.max(...e.largest.map((d) => (d.path || '(top-level files)').length));
    lines.push(
      'Largest folders:',
      ...e.largest.map(
        (d) =>
          `  ${(d.path || '(top-level files)').padEnd(width)}  ${plural(d.files, 'file').padStart(12)}  ${formatBytes(d.bytes).padStart(9)}`,
      ),
    );
  }
  return lines.join('\n');
}

export function formatSwitch(result: SwitchResult, names: (path: string) => string): string {
  const what =
    result.profiles.length === 0
      ? 'a full checkout'
      : `${result.profiles.length === 1 ? 'profile' : 'profiles'} ${result.profiles.map(names).join(', ')} (${result.mode} mode)`;
  const lines = [result.unchanged ? `Already on ${what}.` : `Now on ${what}.`];
  if (result.kept.length > 0)
    lines.push(`Kept in place outside the checkout, with their local changes:`, ...blockedLines(result.kept));
  if (result.deleted.length > 0) lines.push('Deleted (they held only ignored files):', ...doomedLines(result.deleted));
  lines.push(...result.warnings.map((w) => `warning: ${w}`));
  return lines.join('\n');
}

export function blockedLines(files: BlockedFile[]): string[] {
  return files.map((f) => `  ${f.change.padEnd(10)} ${f.path}`);
}

export function doomedLines(dirs: DoomedDirectory[]): string[] {
  return dirs.map(
    (d) =>
      `  ${d.path}/  ${plural(d.files, 'ignored file')}, ${formatBytes(d.bytes)} (${d.ignored.slice(0, 3).join(', ')}${d.ignored.length > 3 ? ', …' : ''})`,
  );
}
