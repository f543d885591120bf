// PR status refresh timing: debounced after changes, polled while the window is focused, and fully
// paused while it is hidden (then refreshed once when focus returns). Timers are node:test's mock
// timers, so the test is exact and instant.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { RefreshScheduler } from '../../src/extension/forge/refreshScheduler';

const DEBOUNCE = 1000;
const POLL = 60_000;

describe('PR status refresh scheduling', () => {
  let focused = true;
  let refreshes = 0;
  let scheduler: RefreshScheduler;
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  const setFocus = (value: boolean) => {
    focused = value;
    scheduler.focusChanged(value);
  };
  /** Mock time moves on; timers that this schedules run on the next tick. */
  const tick = async (ms: number) => {
    mock.timers.tick(ms);
    await settle();
  };

  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
    focused = true;
    refreshes = 0;
    scheduler = new RefreshScheduler({
      refresh: async () => void refreshes++,
      focused: () => focused,
      debounceMs: DEBOUNCE,
      pollMs: POLL,
    });
  });
  afterEach(() => {
    scheduler.dispose();
    mock.timers.reset();
  });

  it('coalesces a burst of changes into one refresh, and polls while focused', async () => {
    for (let i = 0; i < 5; i++) {
      scheduler.changed();
      await tick(200);
    }
    assert.equal(refreshes, 0, 'still within the debounce');
    await tick(DEBOUNCE);
    assert.equal(refreshes, 1);
    await tick(POLL);
    await tick(DEBOUNCE);
    assert.equal(refreshes, 2, 'one poll');
  });

  it('makes no request while the window is hidden, and one when focus returns', async () => {
    setFocus(false);
    scheduler.changed();
    await tick(5 * POLL);
    scheduler.changed();
    await tick(DEBOUNCE);
    assert.equal(refreshes, 0);
    setFocus(true);
    await tick(DEBOUNCE);
    assert.equal(refreshes, 1);
    scheduler.focusChanged(true);
    await tick(DEBOUNCE);
    assert.equal(refreshes, 1, 'nothing stale: focusing again costs nothing');
  });

  it('drops a refresh that was due when the window lost focus', async () => {
    scheduler.changed();
    await tick(DEBOUNCE / 2);
    setFocus(false);
    await tick(DEBOUNCE);
    assert.equal(refreshes, 0);
    setFocus(true);
    await tick(DEBOUNCE);
    assert.equal(refreshes, 1);
  });

  it('follows a change made during a refresh with one more refresh, never two at once', async () => {
    let release: () => void = () => undefined;
    let running = 0;
    let most = 0;
    scheduler.dispose();
    scheduler = new RefreshScheduler({
      refresh: async () => {
        refreshes++;
        most = Math.max(most, ++running);
        await new Promise<void>((resolve) => (release = resolve));
        running--;
      },
      focused: () => focused,
      debounceMs: DEBOUNCE,
      pollMs: POLL,
    });
    scheduler.changed();
    await tick(DEBOUNCE);
    scheduler.changed();
    await tick(DEBOUNCE);
    assert.equal(refreshes, 1, 'waits for the running refresh');
    release();
    await settle();
    await tick(DEBOUNCE);
    assert.equal(refreshes, 2);
    release();
    await settle();
    assert.equal(most, 1);
  });
});
