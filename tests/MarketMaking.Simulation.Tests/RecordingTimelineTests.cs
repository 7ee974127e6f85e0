using MarketMaking.Models;
using MarketMaking.Simulation.Latency;
using MarketMaking.Simulation.Venue;

namespace MarketMaking.Simulation.Tests;

/// <summary>
/// A recording as a simulated venue replays it: each event's venue time, and the events that only move the venue's
/// clock (a top of book, an instrument not served) passed over into the next event that acts.
/// </summary>
public sealed class RecordingTimelineTests
{
    private static readonly VenueId s_binance = VenueId.Create("binance");
    private static readonly InstrumentId s_served = InstrumentId.Create("BTCUSDT");
    private static readonly InstrumentId s_other = InstrumentId.Create("ETHUSDT");

    [Test]
    public void EventsThatOnlyMoveTheClock_ArePassedOverIntoTheNextThatActs_WithTheRecordedFeedLatencysTimes()
    {
        // Receive times 1,000 ns after the exchange's but for the third event's 400: the clocks' offset is 400 ns, and
        // each venue time is the exchange time + 400, never before the event before it.
        MarketDataEvent[] recording =
        [
            Top(exchange: 10_000, receive: 11_000),
            Delta(exchange: 20_000, receive: 21_000),
            Top(exchange: 30_000, receive: 30_400),
            Top(exchange: 29_000, receive: 30_500, instrument: s_other),
            Trade(exchange: 40_000, receive: 41_000),
            Trade(exchange: 50_000, receive: 51_000, instrument: s_other),
            Delta(exchange: 60_000, receive: 61_000),
            Top(exchange: 70_000, receive: 71_000),
            Top(exchange: 80_000, receive: 81_000),
        ];

        var timed = Timeline(recording, FeedLatency.Recorded, passOver: true).ToList();

        Assert.That(timed.Select(t => (t.Event, t.VenueTime, t.PassedOver)), Is.EqualTo(new[]
        {
            (recording[0], 10_400L, 0), // the first event is never passed over
            (recording[1], 20_400L, 0),
            (recording[4], 40_400L, 2), // after a top of book at 30,400 and another instrument's at 29,400
            (recording[6], 60_400L, 1), // after another instrument's trade
            (recording[7], 70_400L, 0), // the last events are handed on one by one
            (recording[8], 80_400L, 0),
        }));
        Assert.That(timed.Sum(t => 1 + t.PassedOver), Is.EqualTo(recording.Length), "every event counted");
    }

    [Test]
    public void WithoutPassingOver_EveryEventComes_AtItsReceiveTimeWithoutTheFeedLatency()
    {
        MarketDataEvent[] recording = [Top(10_000, 11_000), Delta(20_000, 21_000), Top(30_000, 30_400), Trade(40_000, 41_000)];

        var timed = Timeline(recording, FeedLatency.None, passOver: false).ToList();

        Assert.That(timed.Select(t => (t.Event, t.VenueTime, t.PassedOver)), Is.EqualTo(recording.Select(e => (e, e.TsInit, 0))));
    }

    [Test]
    public void BookDeltasThatAct_AreConvertedForTheVenuesBook_AsTheyAreRead_WhenAsked()
    {
        MarketDataEvent[] recording = [Delta(10_000, 11_000), Top(20_000, 21_000), Trade(30_000, 31_000), Delta(40_000, 41_000), Delta(50_000, 51_000, s_other)];
        var books = new Dictionary<InstrumentId, InstrumentSpec> { [s_served] = InstrumentSpec.FromPrecision(s_served, 2, 8) };

        var prepared = new RecordingTimeline(recording, FeedLatency.None, new HashSet<InstrumentId> { s_served }, passOver: false, books: books).ToList();
        var unprepared = Timeline(recording, FeedLatency.None, passOver: false).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(prepared.Select(t => t.Prepared is not null), Is.EqualTo(new[] { true, false, false, true, false }), "the served instrument's deltas");
            Assert.That(unprepared.Select(t => t.Prepared is not null), Has.All.False);
            Assert.That(prepared.Select(t => (t.Event, t.VenueTime, t.PassedOver)), Is.EqualTo(unprepared.Select(t => (t.Event, t.VenueTime, t.PassedOver))));
        });
    }

    [Test]
    public void TradesThatAct_AreRenamedAsTheVenueDeliversThem_AsTheyAreRead_WhenAsked()
    {
        MarketDataEvent[] recording = [Delta(10_000, 11_000), Trade(20_000, 21_000), Top(25_000, 26_000), Trade(30_000, 31_000, s_other), Trade(40_000, 41_000)];
        var kraken = VenueId.Create("kraken");
        var books = new Dictionary<InstrumentId, InstrumentSpec> { [s_served] = InstrumentSpec.FromPrecision(InstrumentId.Create("BTC/USDT"), 2, 8) };

        var renamed = new RecordingTimeline(recording, FeedLatency.None, new HashSet<InstrumentId> { s_served }, passOver: true, books: books, servedAs: kraken).ToList();
        var plain = Timeline(recording, FeedLatency.None, passOver: true).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(renamed.Select(t => t.Served), Is.EqualTo(new[] { null, (Trade)recording[1] with { Venue = kraken, Instrument = books[s_served].Instrument }, (Trade)recording[4] with { Venue = kraken, Instrument = books[s_served].Instrument } }),
                "the served instrument's trades, every other member kept (the top of book and the other instrument's trade passed over into the last)");
            Assert.That(plain.Select(t => t.Served), Has.All.Null);
            Assert.That(renamed.Select(t => (t.Event, t.VenueTime, t.PassedOver)), Is.EqualTo(plain.Select(t => (t.Event, t.VenueTime, t.PassedOver))));
        });
    }

    [Test]
    public void EventsReceivedBeforeTheRunsStart_AreNotPassedOver()
    {
        // A run that starts at 35,000 replays what comes before it unseen, one event at a time.
        MarketDataEvent[] recording = [Delta(10_000, 11_000), Top(20_000, 21_000), Trade(30_000, 31_000), Top(40_000, 41_000), Trade(50_000, 51_000)];

        var timed = Timeline(recording, FeedLatency.None, passOver: true, passOverFrom: 35_000).ToList();

        Assert.That(timed.Select(t => (t.Event, t.PassedOver)), Is.EqualTo(new[] { (recording[0], 0), (recording[1], 0), (recording[2], 0), (recording[4], 1) }));
    }

    [Test]
    public void ALongRunOfEventsThatOnlyMoveTheClock_IsCarriedByItsLastEveryThousandAndTwentyFour()
    {
        // A recording of an instrument not served is all such events: what is held passed over stays bounded.
        var recording = new List<MarketDataEvent> { Delta(1_000, 1_000) };
        recording.AddRange(Enumerable.Range(1, 2_500).Select(i => (MarketDataEvent)Top(1_000 + i, 1_000 + i)));
        recording.Add(Trade(5_000, 5_000));

        var timed = Timeline(recording, FeedLatency.None, passOver: true).ToList();

        Assert.That(timed.Select(t => (t.Event, t.VenueTime, t.PassedOver)), Is.EqualTo(new[]
        {
            (recording[0], 1_000L, 0),
            (recording[1_024], 2_024L, 1_023),
            (recording[2_048], 3_048L, 1_023),
            (recording[^1], 5_000L, 452),
        }));
    }

    [Test]
    public void ARecordingThatFails_HandsOnTheEventsPassedOverOneByOne_ThenTheFailure()
    {
        MarketDataEvent[] read = [Delta(10_000, 11_000), Top(20_000, 21_000), Top(30_000, 31_000)];

        var timed = new List<TimedEvent>();
        var failure = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var item in Timeline(Failing(read), FeedLatency.None, passOver: true))
            {
                timed.Add(item);
            }
        });

        Assert.That(failure!.Message, Is.EqualTo("line 4: truncated"));
        Assert.That(timed.Select(t => (t.Event, t.PassedOver)), Is.EqualTo(read.Select(e => (e, 0))), "what was read before the failure, as it was read");

        static IEnumerable<MarketDataEvent> Failing(IEnumerable<MarketDataEvent> events)
        {
            foreach (var e in events)
            {
                yield return e;
            }

            throw new InvalidDataException("line 4: truncated");
        }
    }

    private static RecordingTimeline Timeline(IEnumerable<MarketDataEvent> recording, FeedLatency feedLatency, bool passOver, long? passOverFrom = null) =>
        new(recording, feedLatency, new HashSet<InstrumentId> { s_served }, passOver, passOverFrom);

    private static TopOfBook Top(long exchange, long receive, InstrumentId? instrument = null) =>
        new(s_binance, instrument ?? s_served, new Price(100m), new Quantity(1m), new Price(101m), new Quantity(1m), exchange, receive);

    private static BookDelta Delta(long exchange, long receive, InstrumentId? instrument = null) =>
        new(s_binance, instrument ?? s_served, [new BookLevel(new Price(100m), new Quantity(1m))], [], exchange, receive);

    private static Trade Trade(long exchange, long receive, InstrumentId? instrument = null) =>
        new(s_binance, instrument ?? s_served, new Price(100m), new Quantity(1m), Side.Buy, TradeId.Create("t"), exchange, receive);
}
