// Graph bench: lane layout of 100,000 commits in Node, and the webview in headless Chromium (the
// static harness of test/helpers/graphHarness.ts): first paint of a 10,000-row history from the
// moment the data arrives, frame times while scrolling those rows, and memory with 100,000 commits.
// The history is the real one of the generated 100,000-commit repository (bench/generate.ts).
import { GitRunner } from '../src/core/git/runner';
import { historyCommits } from '../src/core/graph/commits';
import { LaneLayout, layoutGraph, type LayoutNode } from '../src/core/graph/layout';
import { readHistoryLabels, readHistoryPage, resolveHistoryTips } from '../src/core/history/log';
import type { GraphCommit, HostMessage } from '../src/protocol';
import { startGraphHarness } from '../test/helpers/graphHarness';
import { ensureBenchRepo } from './generate';
import { msRow, round, stats, type BenchContext, type BenchModule, type BenchRow } from './lib';

/** A merge-heavy history: each commit's first parent is one of the previous three, one in five merges a branch from up to 50 back. */
function mergeHeavyHistory(count: number): LayoutNode[] {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const id = (n: number) => n.toString(16).padStart(40, '0');
  const nodes: LayoutNode[] = [];
  for (let i = 0; i < count; i++) {
    const parents = new Set<string>();
    if (i > 0) parents.add(id(i - 1 - Math.floor(random() * Math.min(i, 3))));
    if (i > 50 && random() < 0.2) parents.add(id(i - 1 - Math.floor(random() * 50)));
    nodes.push({ id: id(i), parents: [...parents] });
  }
  return nodes.reverse();
}

function timeLayout(nodes: LayoutNode[], context: BenchContext): ReturnType<typeof stats> {
  const samples: number[] = [];
  for (let i = 0; i < context.warmup + context.runs; i++) {
    const start = performance.now();
    const rows = layoutGraph(nodes);
    const ms = performance.now() - start;
    if (rows.length !== nodes.length) throw new Error('layout lost rows');
    if (i >= context.warmup) samples.push(ms);
  }
  return stats(samples);
}

interface HarnessWindow {
  harness: { send(message: HostMessage): void; config: { autoRespond: boolean } };
  benchCommits: GraphCommit[];
}

export const graphBench: BenchModule = {
  name: 'graph',
  description:
    'lane layout of 100,000 commits; the graph webview in Chromium: first paint of 10,000 rows, scroll frame times, memory with 100,000 commits',
  async run(context) {
    const repo = await ensureBenchRepo(context.log);
    const git = new GitRunner(repo.dir);
    const tips = await resolveHistoryTips(git, null);
    const page = await readHistoryPage(git, tips.tips, 0, 200_000);
    const labels = await readHistoryLabels(git);
    const commits = historyCommits(page.commits, labels, repo.head, null);
    context.log(
      `History of the bench repository: ${commits.length.toLocaleString('en')} commits from ${tips.tips.length} tips.`,
    );
    const rows: BenchRow[] = [];

    const real = timeLayout(
      commits.map((c) => ({ id: c.hash, parents: c.parents })),
      context,
    );
    rows.push(
      msRow('graph.layout.100k.median', real.median, null, {
        target: '< 150 ms',
        baselineLabel: 'bench repo history: linear trunk + 5 stacks',
      }),
    );
    rows.push(msRow('graph.layout.100k.p95', real.p95, null, { target: '< 150 ms' }));
    // Other work on the machine inflates medians; the fastest run shows the cost of the layout itself.
    rows.push(msRow('graph.layout.100k.min', real.min, null, { target: '< 150 ms' }));
    // What the webview does in history mode: the same layout, fed page by page as pages arrive.
    const pagedSamples: number[] = [];
    for (let i = 0; i < context.warmup + context.runs; i++) {
      const start = performance.now();
      const layout = new LaneLayout();
      for (let offset = 0; offset < commits.length; offset += 500)
        for (const commit of commits.slice(offset, offset + 500))
          layout.add({ id: commit.hash, parents: commit.parents });
      if (i >= context.warmup) pagedSamples.push(performance.now() - start);
    }
    const paged = stats(pagedSamples);
    rows.push(
      msRow('graph.layout.100k-in-pages.median', paged.median, null, {
        target: '< 150 ms',
        baselineLabel: 'the same, 200 pages of 500 (history mode)',
      }),
    );
    // Through JSON so the ids are flat strings, as parsed from git's output (padStart builds rope strings).
    const merges = JSON.parse(JSON.stringify(mergeHeavyHistory(100_000))) as LayoutNode[];
    const mergeWidth = Math.max(...layoutGraph(merges).map((r) => r.lanesOut.length));
    const heavy = timeLayout(merges, context);
    rows.push(
      msRow('graph.layout.100k-merges.median', heavy.median, null, {
        target: '< 150 ms',
        baselineLabel: `synthetic, 1 in 5 a merge, up to ${mergeWidth} lanes`,
      }),
    );
    rows.push(msRow('graph.layout.100k-merges.min', heavy.min, null, { target: '< 150 ms' }));

    const harness = await startGraphHarness(['--disable-gpu-vsync', '--disable-frame-rate-limit']);
    try {
      const app = await harness.open({ autoRespond: false, viewport: { width: 1200, height: 800 } });
      const cdp = await app.context().newCDPSession(app);
      const heap = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return (await cdp.send('Runtime.getHeapUsage')).usedSize / 2 ** 20;
      };
      const empty = await heap();
      await app.evaluate((list) => ((window as unknown as HarnessWindow).benchCommits = list), commits);
      await app.click('button.mode:has-text("History")');
      const repoInfo = { root: repo.dir, name: 'repo', head: repo.head, branch: null, trunk: 'origin/main' };

      // First paint: the message event for a 10,000-row history, to the frame after it (validation, rows, layout, DOM).
      const paints: number[] = [];
      for (let i = 0; i < context.warmup + context.runs; i++) {
        const ms = await app.evaluate(
          ({ session, repo }) =>
            new Promise<number>((resolve) => {
              const w = window as unknown as HarnessWindow;
              const start = performance.now();
              w.harness.send({
                type: 'history',
                repo,
                ref: null,
                session,
                offset: 0,
                commits: w.benchCommits.slice(0, 10_000),
                done: true,
              });
              requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
            }),
          { session: i + 1, repo: repoInfo },
        );
        if (i >= context.warmup) paints.push(ms);
      }
      const paint = stats(paints);
      rows.push(
        msRow('graph.webview.first-paint-10k.median', paint.median, null, {
          target: '< 200 ms',
          baselineLabel: 'message received → next frame',
        }),
      );
      rows.push(msRow('graph.webview.first-paint-10k.p95', paint.p95, null, { target: '< 200 ms' }));

      // Scrolling all 10,000 rows top to bottom, 20 rows a frame (a fast wheel: the whole history in about 8 s at
      // 60 fps), with the frame-rate limit off so a frame takes as long as its work (script, style, layout, paint).
      const frames = await app.evaluate(async () => {
        const list = document.querySelector<HTMLElement>('.list')!;
        const rowHeight = 26;
        const times: number[] = [];
        list.scrollTop = 0;
        let last = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
        for (let top = 20 * rowHeight; top < 10_000 * rowHeight; top += 20 * rowHeight) {
          list.scrollTop = top;
          const now = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
          times.push(now - last);
          last = now;
        }
        return times;
      });
      const scroll = stats(frames);
      context.log(
        `Scroll: ${frames.length} frames, median ${round(scroll.median, 2)} ms, p95 ${round(scroll.p95, 2)} ms, max ${round(Math.max(...frames), 1)} ms.`,
      );
      rows.push(
        msRow('graph.webview.scroll-frame-10k.p95', scroll.p95, null, {
          target: '< 16 ms',
          baselineLabel: 'rAF to rAF, 20 rows a frame, no frame-rate limit',
        }),
      );
      rows.push(msRow('graph.webview.scroll-frame-10k.median', scroll.median, null));

      // Memory: the JS heap after a GC with the whole 100,000-commit history loaded in pages of 500, against the empty graph.
      await app.evaluate(
        ({ repo }) =>
          (window as unknown as HarnessWindow).harness.send({
            type: 'history',
            repo,
            ref: null,
            session: 1000,
            offset: 0,
            commits: [],
            done: false,
          }),
        { repo: repoInfo },
      );
      const loaded = await app.evaluate(
        ({ repo }) => {
          const w = window as unknown as HarnessWindow;
          const all = w.benchCommits;
          for (let offset = 0; offset < all.length; offset += 500) {
            w.harness.send({
              type: 'history',
              repo,
              ref: null,
              session: 1000,
              offset,
              commits: all.slice(offset, offset + 500),
              done: offset + 500 >= all.length,
            });
          }
          w.benchCommits = [];
          return document.querySelector('.toolbar-status')!.textContent;
        },
        { repo: repoInfo },
      );
      const full = await heap();
      const dom = await cdp.send('Memory.getDOMCounters');
      context.log(`Memory: ${round(empty)} MB empty, ${round(full)} MB with "${loaded}"; ${dom.nodes} DOM nodes.`);
      rows.push({
        name: 'graph.webview.heap-100k',
        value: round(full),
        unit: 'MB',
        baseline: round(empty),
        ratio: null,
        baselineLabel: 'heap of the empty graph',
      });
      rows.push({ name: 'graph.webview.dom-nodes-100k', value: dom.nodes, unit: 'nodes', baseline: null, ratio: null });
    } finally {
      await harness.close();
    }
    return rows;
  },
};
