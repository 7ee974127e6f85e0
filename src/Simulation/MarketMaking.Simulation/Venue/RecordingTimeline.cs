using System.Collections;
using System.Runtime.ExceptionServices;
using MarketMaking.Models;
using MarketMaking.Simulation.Latency;
using MarketMaking.Simulation.Recordings;

namespace MarketMaking.Simulation.Venue;

/// <summary>
/// A recording as a simulated venue replays it: each event with the time the venue acts on it, and, when asked, the
/// events that would only move the venue's clock passed over into the next event that acts.
/// </summary>
/// <remarks>
/// <para>The venue acts on an event at its exchange time on the receiving clock for a feed latency as recorded (the
/// recorder's clock taken to be off the venue's by the smallest receive − exchange time among the first 10,000 events,
/// <see cref="FeedLatency.Recorded"/>), else at its receive time; never before the event before it.</para>
/// <para>An event acts when the venue's engines read it: a book or a trade of an instrument served. The others (a top of
/// book, 66,089 of the 93,954 messages of the bundled Binance recording, or an instrument not served) only move the
/// venue's clock to their time, which the next event's time includes; nothing is due at a venue between two events but
/// what the driver steps to anyway. Passed over, the replay never reads them: enumerated on a read-ahead thread in a
/// backtest, they stay on it (reading them was their cost: dropping them from the recording made a grid backtest 4 to
/// 8 % faster, while only not stopping the driver at their times changed nothing measurable). The first
/// event, the events received before <c>passOverFrom</c> (a run that starts later replays them unseen, one by one) and
/// the events after the last one that acts are never passed over, nor are those read before the recording fails:
/// they are handed on one by one, then the failure.</para>
/// </remarks>
/// <param name="recording">The recorded events, in order; enumerated once.</param>
/// <param name="feedLatency">When the venue acts on an event.</param>
/// <param name="served">The recording's names of the instruments served.</param>
/// <param name="passOver">Whether events that only move the clock are passed over.</param>
/// <param name="passOverFrom">The receive time from which they may be, in ns since the Unix epoch; <see langword="null"/> from the start.</param>
/// <param name="books">The grids of the venue's books by the recording's names, when the book deltas that act are to be
/// converted to them as they are read (<see cref="TimedEvent.Prepared"/>: on a read-ahead thread, off the replay's);
/// <see langword="null"/> for none.</param>
/// <param name="servedAs">The venue's id, when the trades that act are to be renamed as the venue delivers them as they are
/// read, its name of the instrument taken from <paramref name="books"/> (<see cref="TimedEvent.Served"/>); <see langword="null"/> for none.</param>
internal sealed class RecordingTimeline(
    IEnumerable<MarketDataEvent> recording,
    FeedLatency feedLatency,
    IReadOnlySet<InstrumentId> served,
    bool passOver,
    long? passOverFrom = null,
    IReadOnlyDictionary<InstrumentId, InstrumentSpec>? books = null,
    VenueId? servedAs = null) : IEnumerable<TimedEvent>
{
    private const int OffsetWindow = 10_000;

    /// <summary>The most events held passed over: the last of a longer run carries the others (a recording of an instrument not served is all such).</summary>
    private const int MaxPassedOver = 1_024;

    /// <inheritdoc/>
    public IEnumerator<TimedEvent> GetEnumerator() => Read().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IEnumerable<TimedEvent> Read()
    {
        using var source = recording.GetEnumerator();
        var ahead = new Queue<MarketDataEvent>();
        var offset = feedLatency != FeedLatency.Recorded ? 0
            : recording is ITimestampScan scan ? ClockOffset(scan.Timestamps().Take(OffsetWindow))
            : EstimateClockOffset(source, ahead);
        var passedOver = new List<TimedEvent>();
        var (venueTime, first) = (0L, true);
        ExceptionDispatchInfo? failure = null;
        while (true)
        {
            MarketDataEvent? recorded;
            try
            {
                recorded = ahead.TryDequeue(out var read) ? read : source.MoveNext() ? source.Current : null;
            }
            catch (Exception exception)
            {
                (recorded, failure) = (null, ExceptionDispatchInfo.Capture(exception));
            }

            if (recorded is null)
            {
                break;
            }

            venueTime = Math.Max(venueTime, ExchangeTime(recorded, offset));
            var mayPassOver = passOver && !first && (passOverFrom is not { } from || recorded.TsInit >= from);
            first = false;
            if (mayPassOver && !Acts(recorded))
            {
                passedOver.Add(new TimedEvent(recorded, venueTime, 0));
                if (passedOver.Count == MaxPassedOver)
                {
                    yield return passedOver[^1] with { PassedOver = MaxPassedOver - 1 };
                    passedOver.Clear();
                }

                continue;
            }

            if (!mayPassOver)
            {
                // Not to carry those before it: they go one by one, as read.
                foreach (var waiting in passedOver)
                {
                    yield return waiting;
                }

                passedOver.Clear();
            }

            yield return new TimedEvent(recorded, venueTime, passedOver.Count, Prepare(recorded), Rename(recorded));
            passedOver.Clear();
        }

        foreach (var waiting in passedOver)
        {
            yield return waiting;
        }

        failure?.Throw();
    }

    /// <summary>A book delta's levels on its book's grid, when asked for and the book would apply them in one pass.</summary>
    private PreparedDelta? Prepare(MarketDataEvent recorded) =>
        books is not null && recorded is BookDelta delta && books.TryGetValue(delta.Instrument, out var spec) ? PreparedDelta.TryPrepare(delta, spec) : null;

    /// <summary>A trade as the venue delivers it, when asked for: its venue's id and its book's name of the instrument.</summary>
    private Trade? Rename(MarketDataEvent recorded) =>
        servedAs is { } venue && recorded is Trade trade && books is not null && books.TryGetValue(trade.Instrument, out var spec)
            ? trade with { Venue = venue, Instrument = spec.Instrument }
            : null;

    /// <summary>Whether the venue's engines read an event: a book or a trade of an instrument served.</summary>
    private bool Acts(MarketDataEvent recorded) => recorded is BookDelta or BookSnapshot or Trade && served.Contains(recorded.Instrument);

    /// <summary>When the venue would act on an event alone: its exchange time on the receiving clock, never after its receive time; its receive time without an exchange time or with the feed latency off.</summary>
    private long ExchangeTime(MarketDataEvent recorded, long offset) =>
        feedLatency == FeedLatency.Recorded && recorded.TsEvent > 0 ? Math.Min(recorded.TsEvent + offset, recorded.TsInit) : recorded.TsInit;

    /// <summary>
    /// The receiving clock's offset from the venue's, from the first events: a recorder's clock is rarely the venue's
    /// (the bundled Binance recordings' is about 1.27 s behind), so the smallest receive − exchange time seen is taken
    /// as the offset, which makes that fastest message's feed latency zero, as hftbacktest's correction of local
    /// timestamps does (https://hftbacktest.readthedocs.io/en/latest/tutorials/Data%20Preparation.html). The events
    /// read for it wait in <paramref name="ahead"/>; a recording that lists its timestamps alone
    /// (<see cref="ITimestampScan"/>: a binary event file) is scanned instead, so that its first events are handed on
    /// without waiting for the 10,000 to be decoded (2.6 to 3 ms of a grid backtest's start).
    /// </summary>
    private static long EstimateClockOffset(IEnumerator<MarketDataEvent> source, Queue<MarketDataEvent> ahead)
    {
        while (ahead.Count < OffsetWindow && source.MoveNext())
        {
            ahead.Enqueue(source.Current);
        }

        return ClockOffset(ahead.Select(e => (e.TsEvent, e.TsInit)));
    }

    /// <summary>The smallest receive − exchange time among events that have an exchange time; 0 when none has.</summary>
    private static long ClockOffset(IEnumerable<(long TsEvent, long TsInit)> timestamps)
    {
        long? offset = null;
        foreach (var (tsEvent, tsInit) in timestamps)
        {
            if (tsEvent > 0 && (offset is null || tsInit - tsEvent < offset))
            {
                offset = tsInit - tsEvent;
            }
        }

        return offset ?? 0;
    }
}
