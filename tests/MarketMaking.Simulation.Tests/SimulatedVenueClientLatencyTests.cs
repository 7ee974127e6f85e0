using MarketMaking.Adapters;
using MarketMaking.Models;
using MarketMaking.Simulation.Latency;
using MarketMaking.Simulation.Matching;
using MarketMaking.Simulation.Venue;

namespace MarketMaking.Simulation.Tests;

/// <summary>
/// The in-process venue's latencies, on simulated time: the venue acts on a recorded event at the exchange's time and
/// the client sees it at its receive time; requests take the entry leg, answers the response leg, and requests keep
/// their order.
/// </summary>
public sealed class SimulatedVenueClientLatencyTests
{
    private const long Ms = 1_000_000;

    /// <summary>The recorder's clock ahead of the venue's: the fastest message's receive − exchange time.</summary>
    private const long ClockOffset = 5 * Ms;

    private static readonly VenueId s_venue = VenueId.Create("kraken");
    private static readonly InstrumentId s_instrument = InstrumentId.Create("BTC/USDT");
    private static readonly (AssetId Base, AssetId Quote) s_assets = (AssetId.Create("BTC"), AssetId.Create("USDT"));

    [Test]
    public async Task WithTheFeedLatencyAsRecorded_ATradeFillsOurOrderAtTheExchangesTime_BeforeTheClientSeesTheTrade()
    {
        var (client, sink) = Create(FeedLatency.Recorded, new FixedLatency(0, 0));
        using (client)
        {
            await PlaceAskAtTheTouchAsync(client);

            // The trade happened at 100 ms on the venue's clock (105 ms on ours) and was received 40 ms later.
            Assert.That(client.NextEventTime, Is.EqualTo((100 * Ms) + ClockOffset), "the venue acts on the trade at its exchange time");
            await client.ReplayUntilAsync((100 * Ms) + ClockOffset);
            var atExchangeTime = Drain(sink);
            await client.ReplayUntilAsync((145 * Ms) - 1);
            var beforeReceipt = Drain(sink);
            await client.ReplayUntilAsync(145 * Ms);
            var atReceipt = Drain(sink);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(atExchangeTime.OfType<FillEvent>().Select(f => (f.Quantity.Value, f.TsEvent)), Is.EqualTo(new[] { (0.1m, (100 * Ms) + ClockOffset) }), "our fill, at the exchange's time");
                Assert.That(atExchangeTime.OfType<Trade>(), Is.Empty, "the trade is still on its way");
                Assert.That(beforeReceipt.OfType<Trade>(), Is.Empty);
                Assert.That(atReceipt.OfType<Trade>().Select(t => t.TsInit), Is.EqualTo(new[] { 145 * Ms }), "the trade, at its receive time");
            }
        }
    }

    [Test]
    public async Task WithoutFeedLatency_TheVenueActsOnTheTradeWhenTheClientSeesIt()
    {
        var (client, sink) = Create(FeedLatency.None, new FixedLatency(0, 0));
        using (client)
        {
            await PlaceAskAtTheTouchAsync(client);

            Assert.That(client.NextEventTime, Is.EqualTo(145 * Ms));
            await client.ReplayUntilAsync(145 * Ms);
            var posted = Drain(sink);

            Assert.That(posted.Where(e => e is FillEvent or Trade).Select(e => (e.GetType().Name, e.TsInit)), Is.EquivalentTo(new[] { (nameof(FillEvent), 145 * Ms), (nameof(Trade), 145 * Ms) }));
        }
    }

    [Test]
    public async Task AnAnswer_ArrivesAfterTheEntryAndResponseLegs_AndACancelSentAfterAPlaceIsNeverActedOnBeforeIt()
    {
        // The place takes 20 ms to arrive, the cancel sent right after it 1 ms: on one connection it still comes second.
        var latency = new SequenceLatency(entries: [20 * Ms, 1 * Ms], response: 30 * Ms);
        var (client, sink) = Create(FeedLatency.Recorded, latency);
        using (client)
        {
            await client.ReplayUntilAsync(10 * Ms);
            var order = ClientOrderId.Create("a-1");
            var placed = client.PlaceOrderAsync(new OrderRequest(s_instrument, Side.Sell, OrderType.Limit, new Quantity(0.1m), order) { LimitPrice = new Price(101m), PostOnly = true }).AsTask();
            var canceled = client.CancelOrderAsync(s_instrument, OrderReference.ByClientId(order)).AsTask();

            await client.ReplayUntilAsync((60 * Ms) - 1);
            var placedEarly = placed.IsCompleted;
            await client.ReplayUntilAsync(60 * Ms);
            var placedOnTime = placed.IsCompleted;
            await client.ReplayUntilAsync(60 * Ms);
            var cancelAnswer = await canceled;

            using (Assert.EnterMultipleScope())
            {
                Assert.That(placedEarly, Is.False, "10 ms + 20 ms entry + 30 ms response: not before 60 ms");
                Assert.That(placedOnTime, Is.True);
                Assert.That((await placed).IsSuccess, Is.True);
                Assert.That(cancelAnswer.IsSuccess, Is.True, "the cancel found the order: it arrived after the place");
                Assert.That(Drain(sink).OfType<OrderUpdate>().Select(u => u.Status).Last(), Is.EqualTo(OrderStatus.Canceled));
            }
        }
    }

    /// <summary>Rests an ask of 0.1 at the touch (101) at 10 ms, with the book (bid 100, ask 101 × 1) seen.</summary>
    private static async Task PlaceAskAtTheTouchAsync(SimulatedVenueClient client)
    {
        await client.ReplayUntilAsync(10 * Ms);
        var placed = client.PlaceOrderAsync(new OrderRequest(s_instrument, Side.Sell, OrderType.Limit, new Quantity(0.1m), ClientOrderId.Create("a-1")) { LimitPrice = new Price(101m), PostOnly = true }).AsTask();
        await client.ReplayUntilAsync(10 * Ms);
        Assert.That((await placed).IsSuccess, Is.True, "resting at the touch");
    }

    /// <summary>A client over a book (bid 100, ask 101 × 1) and a buy trade of 5 at 101, with their exchange and receive times.</summary>
    private static (SimulatedVenueClient Client, ChannelVenueEventSink Sink) Create(FeedLatency feedLatency, IOrderLatency orderLatency)
    {
        var recorded = InstrumentId.Create("BTCUSDT");
        MarketDataEvent[] recording =
        [
            new BookSnapshot(s_venue, recorded, [new BookLevel(new Price(100m), new Quantity(1m))], [new BookLevel(new Price(101m), new Quantity(1m))], 1 * Ms, (1 * Ms) + ClockOffset) { LastUpdateId = 1 },
            new Trade(s_venue, recorded, new Price(101m), new Quantity(5m), Side.Buy, TradeId.Create("t-1"), 100 * Ms, 145 * Ms),
        ];
        var sink = new ChannelVenueEventSink();
        var client = new SimulatedVenueClient(
            s_venue,
            new SimulatedVenueOptions { FeedLatency = feedLatency, OrderLatency = orderLatency },
            [new SimulatedInstrument(recorded, InstrumentSpec.FromPrecision(s_instrument, 2, 8), s_assets.Base, s_assets.Quote, book => new DirectBookSynchronizer(book))],
            recording,
            new Dictionary<AssetId, decimal> { [s_assets.Base] = 10m, [s_assets.Quote] = 10_000m },
            sink);
        return (client, sink);
    }

    private static List<VenueEvent> Drain(ChannelVenueEventSink sink)
    {
        var posted = new List<VenueEvent>();
        while (sink.Reader.TryRead(out var venueEvent))
        {
            posted.Add(venueEvent);
        }

        return posted;
    }

    private sealed class FixedLatency(long entry, long response) : IOrderLatency
    {
        public long EntryNanoseconds(long sendTime) => entry;

        public long ResponseNanoseconds(long venueTime) => response;
    }

    private sealed class SequenceLatency(long[] entries, long response) : IOrderLatency
    {
        private int _next;

        public long EntryNanoseconds(long sendTime) => entries[Math.Min(_next++, entries.Length - 1)];

        public long ResponseNanoseconds(long venueTime) => response;
    }
}
