// Watches a repository's metadata (HEAD, index, refs, packed-refs, in-progress markers) and calls
// back once per burst of changes: a commit from a terminal touches several files at once.
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { RepoLocation } from './repository';

export class RepoWatcher {
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    location: RepoLocation,
    private readonly onChange: () => void,
    // A commit's writes (index, ref, reflog) land within a few milliseconds of each other.
    private readonly debounceMs = 50,
  ) {
    const places: [string, boolean][] = [
      [location.gitDir, false],
      [join(location.commonDir, 'refs'), true],
    ];
    if (location.commonDir !== location.gitDir) places.push([location.commonDir, false]);
    for (const [path, recursive] of places) {
      try {
        this.watchers.push(watch(path, { recursive }, (_event, file) => this.changed(String(file ?? ''))));
      } catch {
        // A missing refs folder (e.g. a fresh repo packed everything) is not worth failing over.
      }
    }
  }

  private changed(file: string): void {
    // Lock files come and go during every git write; the write itself shows up as its own event.
    if (file.endsWith('.lock') || file.startsWith('objects')) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(this.onChange, this.debounceMs);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const watcher of this.watchers) watcher.close();
  }
}
