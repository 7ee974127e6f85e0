using FsCheck;
using FsCheck.Fluent;
using MarketMaking.Simulation.Venue;

namespace MarketMaking.Simulation.Tests;

/// <summary>The simulated venue's delivery queue gives what a priority queue keyed by (time, order added) gives.</summary>
public sealed class TimeOrderedQueueTests
{
    [FsCheck.NUnit.Property(MaxTest = 500)]
    public Property AnyAddsAndTakes_InTimeOrderOrNot_GiveThePriorityQueuesOrder()
    {
        // Times mostly rising in each of two lanes (as the recording's receive times and the answers' response times do),
        // now and then earlier than the lane's last or equal to another's; takes due by a time that moves on.
        var operation =
            from take in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
            from lane in Gen.Choose(0, 1)
            from step in Gen.Frequency((6, Gen.Choose(0, 5)), (1, Gen.Choose(-20, -1)))
            select (Take: take, Lane: lane, Step: step);
        return Prop.ForAll(Gen.ListOf(operation).ToArbitrary(), operations =>
        {
            var queue = new TimeOrderedQueue<int>(lanes: 2);
            var model = new PriorityQueue<int, (long Time, long Order)>();
            var laneTimes = new long[2];
            var now = 0L;
            var added = 0;
            var taken = new List<int>();
            var expected = new List<int>();
            foreach (var (take, lane, step) in operations)
            {
                if (take)
                {
                    now += Math.Abs(step);
                    while (queue.TryDequeueDue(now, out var item))
                    {
                        taken.Add(item);
                    }

                    while (model.TryPeek(out _, out var due) && due.Time <= now)
                    {
                        expected.Add(model.Dequeue());
                    }
                }
                else
                {
                    laneTimes[lane] += step;
                    queue.Enqueue(lane, ++added, laneTimes[lane]);
                    model.Enqueue(added, (laneTimes[lane], added));
                }

                var peeked = queue.TryPeekTime(out var first);
                var modelPeeked = model.TryPeek(out _, out var modelFirst);
                if (peeked != modelPeeked || (peeked && first != modelFirst.Time) || queue.Count != model.Count)
                {
                    return false;
                }
            }

            while (queue.TryDequeueDue(long.MaxValue, out var rest))
            {
                taken.Add(rest);
            }

            while (model.TryDequeue(out var item, out _))
            {
                expected.Add(item);
            }

            return taken.SequenceEqual(expected);
        });
    }
}
