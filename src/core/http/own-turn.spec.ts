import { countTurns } from '../../../test/support/event-loop-turns';
import { currentRequestId, runInRequest } from '../logging/request-context';
import { onOwnTurn, ownTurn, stepsWaiting } from './own-turn';

describe('onOwnTurn', () => {
  it('runs queued steps in order, one per turn of the event loop, none in the turn that queued them', async () => {
    const turns = countTurns();
    const ran: [string, number][] = [];
    const steps = ['a', 'b', 'c'].map((name) => new Promise<void>((resolve) => onOwnTurn(() => resolve(void ran.push([name, turns.turn()])))));
    expect(stepsWaiting()).toBe(3);
    expect(ran).toEqual([]);
    await Promise.all(steps);
    turns.stop();
    expect(ran.map(([name]) => name)).toEqual(['a', 'b', 'c']);
    expect(new Set(ran.map(([, at]) => at)).size).toBe(3);
    expect(stepsWaiting()).toBe(0);
  });

  it("runs each step in its caller's request context, whoever scheduled the turn", async () => {
    const seen = await Promise.all(
      ['req-1', 'req-2', 'req-3'].map((id) =>
        runInRequest(id, async () => {
          await ownTurn();
          const afterAwait = currentRequestId();
          return new Promise<string[]>((resolve) => onOwnTurn(() => resolve([id, afterAwait ?? '', currentRequestId() ?? ''])));
        }),
      ),
    );
    for (const [id, afterAwait, inStep] of seen) expect([afterAwait, inStep]).toEqual([id, id]);
  });
});
