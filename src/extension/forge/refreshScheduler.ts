// When PR status is refreshed: shortly after a repository changes, and every `pollMs` (checks and
// reviews move on GitHub by themselves) — but only while the window is focused. While it is hidden,
// changes and polls only mark the status stale, and focus coming back refreshes it once. Knows
// nothing of vscode: the feature passes the window's focus in, the unit test drives it.

export interface RefreshSchedulerOptions {
  refresh: () => Promise<unknown>;
  focused: () => boolean;
  /** Changes within this window coalesce into one refresh. */
  debounceMs: number;
  pollMs: number;
}

export class RefreshScheduler {
  private stale = true;
  private running = false;
  private pending: NodeJS.Timeout | undefined;
  private readonly poll: NodeJS.Timeout;

  constructor(private readonly options: RefreshSchedulerOptions) {
    this.poll = setInterval(() => this.changed(), options.pollMs);
  }

  /** Something the status depends on may have changed: refresh soon, or once the window is focused. */
  changed(): void {
    this.stale = true;
    this.schedule();
  }

  focusChanged(focused: boolean): void {
    if (!focused) {
      clearTimeout(this.pending);
      this.pending = undefined;
    } else if (this.stale) {
      this.schedule();
    }
  }

  dispose(): void {
    clearTimeout(this.pending);
    clearInterval(this.poll);
  }

  private schedule(): void {
    if (!this.options.focused() || this.running) return;
    clearTimeout(this.pending);
    this.pending = setTimeout(() => void this.run(), this.options.debounceMs);
  }

  private async run(): Promise<void> {
    this.pending = undefined;
    if (!this.options.focused()) return;
    this.stale = false;
    this.running = true;
    try {
      await this.options.refresh();
    } finally {
      this.running = false;
      // A change that came in during the refresh gets its own.
      if (this.stale) this.schedule();
    }
  }
}
