// `stackline review checkout <PR>|drop`: someone else's stack in the smartlog, to read and run.
// checkout finds the PR's stack on GitHub (as Review Stack… in VS Code does), fetches its PR heads
// into refs/stackline/reviewing/<n> and `stackline log` shows it read-only, named by its author;
// drop removes it again. Editing its commits is refused unless the operation gets --edit-review.
import { checkoutForReview, dropReview } from '../../core/review/checkout';
import { findStackForReview } from '../../core/review/findStack';
import { parsePullRef } from '../../core/review/pullRef';
import { checkPullRefRepo, reviewSessionOf } from '../../core/review/session';
import { UsageError, type CliCommand } from '../context';
import { forgeSession } from './forgeSession';

const SYNOPSIS = 'review checkout <PR url|number> | review drop';

export const reviewCommand: CliCommand = {
  name: 'review',
  synopsis: SYNOPSIS,
  summary: "check out someone's stack of PRs for review (read-only in the smartlog), or drop it",
  details: [
    'checkout <PR>  fetches the heads of the stack the PR belongs to (a PR link, owner/name#N or N)',
    "               and shows them in `stackline log` as its author's stack, read-only; another",
    '               checked-out stack is replaced',
    'drop           removes the stack under review from the smartlog (your own commits stay)',
    'An operation that would change the stack under review refuses; pass --edit-review to it to edit anyway.',
  ],
  async run(context, argv) {
    const [verb, ...rest] = argv;
    if (verb === 'drop') {
      if (rest.length > 0) throw new UsageError(`Usage: stackline ${SYNOPSIS}`);
      const { summary } = await dropReview(await context.git(), await context.repo());
      context.out(summary);
      return 0;
    }
    if (verb !== 'checkout' || rest.length !== 1) throw new UsageError(`Usage: stackline ${SYNOPSIS}`);
    const ref = parsePullRef(rest[0]);
    if (!ref) throw new UsageError(`"${rest[0]}" is not a pull request link or number.`);
    const session = reviewSessionOf(await forgeSession(context));
    checkPullRefRepo(session, ref);
    const stack = await findStackForReview(session.reviews, ref.number, { nativeStackOf: session.nativeStackOf });
    const { owner, name } = session.reviews.repo;
    const result = await checkoutForReview(
      await context.git(),
      await context.repo(),
      session.remote,
      `${owner}/${name}`,
      stack,
    );
    context.out(result.summary);
    for (const note of stack.notes) context.out(`  ${note}`);
    return 0;
  },
};
