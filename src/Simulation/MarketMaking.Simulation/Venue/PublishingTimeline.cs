using System.Collections;
using MarketMaking.Models;

namespace MarketMaking.Simulation.Venue;

/// <summary>
/// A timed recording with what the venue publishes after each book event made as it is read (<see cref="TimedEvent.Publication"/>):
/// on a backtest's read-ahead thread, off the replay's.
/// </summary>
/// <remarks>
/// The venue's book moves with the recording alone (our orders rest beside it in the matching engine), so a replica fed
/// the same events through the same kind of synchronizer is the same book at each event, and publishes the same levels
/// (<see cref="BookPublisher"/>). The venue's clock, which stamps each publication, is followed as
/// <see cref="SimulatedVenueClient"/> moves it: to each served event's venue time, never back; and when the run starts
/// later than the recording (<c>fastForwardTo</c>), the events received before it at most at that time, then the start
/// itself, at which the venue publishes its books once more, as <see cref="SimulatedVenueClient.FastForward"/> does.
/// </remarks>
/// <param name="timeline">The timed recording, enumerated once.</param>
/// <param name="venue">The venue id the publications carry.</param>
/// <param name="instruments">The instruments served.</param>
/// <param name="bookDepth">The levels a side published.</param>
/// <param name="publishesDeltas">Whether changes after the first go as deltas (<see cref="SimulatedVenueClient.PublishesBookDeltas"/>).</param>
/// <param name="fastForwardTo">The run's start when it is given (a receive time, in ns since the Unix epoch); <see langword="null"/> from the recording's start.</param>
internal sealed class PublishingTimeline(
    IEnumerable<TimedEvent> timeline,
    VenueId venue,
    IReadOnlyList<SimulatedInstrument> instruments,
    int bookDepth,
    bool publishesDeltas,
    long? fastForwardTo) : IEnumerable<TimedEvent>
{
    /// <inheritdoc/>
    public IEnumerator<TimedEvent> GetEnumerator() => Read().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IEnumerable<TimedEvent> Read()
    {
        var replicas = instruments.ToDictionary(i => i.RecordedInstrument, i => (Served: i.Spec.Instrument, Book: i.CreateVenueBook()));
        var publisher = new BookPublisher(venue, bookDepth) { PublishesDeltas = publishesDeltas };
        var now = 0L;
        var fastForwarding = fastForwardTo is not null;
        foreach (var timed in timeline)
        {
            var recorded = timed.Event;
            if (fastForwarding && recorded.TsInit >= fastForwardTo!.Value)
            {
                (fastForwarding, now) = (false, EndFastForward(replicas.Values, publisher, now, fastForwardTo.Value));
            }

            if (!replicas.TryGetValue(recorded.Instrument, out var replica))
            {
                yield return timed;
                continue;
            }

            now = Math.Max(now, fastForwarding ? Math.Min(timed.VenueTime, fastForwardTo!.Value) : timed.VenueTime);
            if (recorded is not (BookDelta or BookSnapshot))
            {
                yield return timed;
                continue;
            }

            // As the matching engine applies it (MatchingEngine.OnMarketData), the levels converted alike.
            if (timed.Prepared is { } prepared)
            {
                replica.Book.Book.Offer(prepared);
            }

            _ = recorded is BookDelta delta ? replica.Book.OnDelta(delta) : replica.Book.OnSnapshot((BookSnapshot)recorded);
            yield return fastForwarding
                ? timed
                : timed with { Published = true, Publication = publisher.Publish(replica.Book.Book, replica.Served, now, recorded.TsInit) };
        }

        if (fastForwarding)
        {
            EndFastForward(replicas.Values, publisher, now, fastForwardTo!.Value);
        }
    }

    /// <summary>The venue's publication at the run's start, which the venue posts itself: only the publisher's state follows it here.</summary>
    private static long EndFastForward(IEnumerable<(InstrumentId Served, IBookSynchronizer Book)> replicas, BookPublisher publisher, long now, long start)
    {
        now = Math.Max(now, start);
        foreach (var (served, book) in replicas)
        {
            publisher.Publish(book.Book, served, now, start);
        }

        return now;
    }
}
