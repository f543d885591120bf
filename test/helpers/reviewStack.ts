// A stack to review, shared by the core and the VS Code review tests: four commits by octo, each
// touching its own lines, submitted as four chained PRs; and a reviewer's own clone of octo/demo.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { submitStack } from '../../src/core/forge/submit';
import { HOST, location, type GitHubFixture } from './github';
import { tempDir } from './repo';

const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag} ${i + 1}`).join('\n') + '\n';

/** #1 adds a.txt, #2 changes a.txt and adds b.txt, #3 changes b.txt and adds c.txt, #4 adds docs.md; their commits. */
export async function submitFourPullStack(f: GitHubFixture): Promise<string[]> {
  f.repo.commit('feat: parser', { 'a.txt': lines(10, 'a') });
  f.repo.commit('feat: lexer', { 'a.txt': lines(10, 'a').replace('a 5\n', 'a five\n'), 'b.txt': lines(6, 'b') });
  f.repo.commit('feat: printer', { 'b.txt': lines(6, 'b').replace('b 2\n', 'b two\n'), 'c.txt': 'c\n' });
  f.repo.commit('feat: docs', { 'docs.md': '# docs\n' });
  await submitStack({ git: f.git, location: await location(f.repo), session: await f.session() });
  return f.repo.git('log', '--reverse', '--format=%H', 'origin/main..HEAD').trim().split('\n');
}

/** A fresh clone of octo/demo whose origin is the fixture's GHES-style URL; its folder. */
export function reviewerCloneDir(f: GitHubFixture): string {
  const dir = join(tempDir('stackline-reviewer-'), 'clone');
  execFileSync('git', ['clone', '-q', f.bare('octo', 'demo'), dir]);
  execFileSync('git', ['config', `url.${f.remotes}/.insteadOf`, `https://${HOST}/`], { cwd: dir });
  execFileSync('git', ['remote', 'set-url', 'origin', `https://${HOST}/octo/demo.git`], { cwd: dir });
  return dir;
}

/** The author amends #2 (b 5 becomes b FIVE in b.txt), restacks #3 and #4 onto it, and submits again (a force-push). */
export async function amendSecondAndResubmit(f: GitHubFixture, commits: string[]): Promise<void> {
  f.repo.git('checkout', '-q', commits[1]);
  f.repo.write({ 'b.txt': lines(6, 'b').replace('b 5\n', 'b FIVE\n') });
  f.repo.git('commit', '-q', '-a', '--amend', '--no-edit');
  f.repo.git('cherry-pick', commits[2], commits[3]);
  f.repo.git('branch', '-f', 'main', 'HEAD');
  f.repo.git('checkout', '-q', 'main');
  await submitStack({ git: f.git, location: await location(f.repo), session: await f.session() });
}
