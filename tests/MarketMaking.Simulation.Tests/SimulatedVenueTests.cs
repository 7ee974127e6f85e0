using MarketMaking.Adapters;
using MarketMaking.Models;
using MarketMaking.Simulation.Accounts;
using MarketMaking.Simulation.Latency;
using MarketMaking.Simulation.Matching;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Simulation.Venue;
using MarketMaking.Testing;

namespace MarketMaking.Simulation.Tests;

/// <summary>The simulated venue on simulated time: latency, the dead-man switch, and reproducible runs on real recorded data.</summary>
public sealed class SimulatedVenueTests
{
    private const string Account = "acct";
    private const long Millisecond = 1_000_000;
    private static readonly VenueId s_venue = VenueId.Create("sim");
    private static readonly InstrumentId s_btcUsd = InstrumentId.Create("BTC/USD");
    private static readonly AssetId s_btc = AssetId.Create("BTC");
    private static readonly AssetId s_usd = AssetId.Create("USD");

    private static (SimulatedVenue Venue, List<VenueEvent> Events) CreateVenue(TimeSpan latency)
    {
        var events = new List<VenueEvent>();
        var venue = new SimulatedVenue(s_venue, new SimulatedVenueOptions { OrderEntryLatency = new LatencyOptions { Fixed = latency } }, events.Add);
        venue.AddInstrument(new DirectBookSynchronizer(new OrderBook(InstrumentSpec.FromPrecision(s_btcUsd, 1, 4))), s_btc, s_usd);
        venue.AddAccount(Account, new Dictionary<AssetId, decimal> { [s_btc] = 1m, [s_usd] = 100_000m });
        venue.OnMarketData(new BookSnapshot(s_venue, s_btcUsd, [new(new Price(99.9m), new Quantity(1))], [new(new Price(100.1m), new Quantity(1))], 1_000 * Millisecond, 1_000 * Millisecond));
        return (venue, events);
    }

    private static OrderRequest Bid(string clientId) =>
        new(s_btcUsd, Side.Buy, OrderType.Limit, new Quantity(0.1m), ClientOrderId.Create(clientId)) { LimitPrice = new Price(99.9m), PostOnly = true };

    [Test]
    public void Requests_AreActedOnOnlyAfterTheOrderEntryLatency()
    {
        var (venue, _) = CreateVenue(TimeSpan.FromMilliseconds(5));
        VenueResult<OrderAck>? answer = null;

        venue.Place(Bid("q-1"), Account, result => answer = result);
        venue.AdvanceTo(1_004 * Millisecond);
        var before = answer;
        venue.AdvanceTo(1_005 * Millisecond);

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.Null);
            Assert.That(answer!.Value.IsSuccess, Is.True);
            Assert.That(venue.Engines[s_btcUsd].RestingOrders, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void DeadManSwitch_OnlyTheLatestArmingCounts_AndWhenItElapsesEveryOrderIsCanceled()
    {
        var (venue, events) = CreateVenue(TimeSpan.Zero);
        venue.Place(Bid("q-2"), Account, _ => { });
        venue.CancelAllAfter(Account, TimeSpan.FromSeconds(60), _ => { });
        venue.AdvanceTo(1_000 * Millisecond);

        venue.AdvanceTo(31_000 * Millisecond);
        DeadManSwitchStatus? rearmed = null;
        venue.CancelAllAfter(Account, TimeSpan.FromSeconds(60), result => rearmed = result.Value);
        venue.AdvanceTo(62_000 * Millisecond);
        var afterFirstTimeout = venue.Engines[s_btcUsd].RestingOrders.Count;
        venue.AdvanceTo(91_000 * Millisecond);

        Assert.Multiple(() =>
        {
            Assert.That(rearmed!.TriggerTimeNanoseconds, Is.EqualTo(91_000 * Millisecond));
            Assert.That(afterFirstTimeout, Is.EqualTo(1), "re-armed in time");
            Assert.That(venue.Engines[s_btcUsd].RestingOrders, Is.Empty);
            Assert.That(events.OfType<OrderUpdate>().Last().Reason, Is.EqualTo("Dead man switch"));
            Assert.That(venue.Accounts[Account].Held(s_usd), Is.Zero);
        });
    }

    [Test]
    public void SameDataSettingsAndSeed_GiveIdenticalFills_OnTheRealBtcUsdtRecording()
    {
        var first = QuoteOnRecording(seed: 7);
        var second = QuoteOnRecording(seed: 7);

        Assert.Multiple(() =>
        {
            Assert.That(first.Fills, Has.Count.GreaterThan(10), "the scenario does trade");
            Assert.That(second.Fills, Is.EqualTo(first.Fills));
            Assert.That(first.BalanceReconciles, Is.True, "balances changed by exactly the fills and fees");
        });
    }

    /// <summary>
    /// Replays the first minutes of the real Binance spot BTCUSDT recording and quotes 0.001 BTC post-only at the touch
    /// on both sides, refreshing every 2,000 events.
    /// </summary>
    private static (List<string> Fills, bool BalanceReconciles) QuoteOnRecording(int seed)
    {
        var instrument = InstrumentId.Create("BTCUSDT");
        var (btc, usdt) = (AssetId.Create("BTC"), AssetId.Create("USDT"));
        var events = new List<VenueEvent>();
        var options = new SimulatedVenueOptions
        {
            Seed = seed,
            OrderEntryLatency = new LatencyOptions { Fixed = TimeSpan.FromMilliseconds(2), Jitter = TimeSpan.FromMilliseconds(3) },
        };
        var venue = new SimulatedVenue(s_venue, options, events.Add);
        var engine = venue.AddInstrument(new BinanceDepthSynchronizer(new OrderBook(InstrumentSpec.FromPrecision(instrument, 2, 8), initialCapacity: 2048)), btc, usdt);
        var start = new Dictionary<AssetId, decimal> { [btc] = 10m, [usdt] = 1_000_000m };
        var account = venue.AddAccount(Account, start);
        var reader = new HftBacktestRecordingReader([RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz")], error => throw new InvalidOperationException(error.ToString()));
        var count = 0;
        var quotes = 0;
        foreach (var marketEvent in reader.ReadEvents().Take(200_000))
        {
            venue.OnMarketData(marketEvent);
            if (++count % 2_000 != 0 || engine.Book.SyncState != BookSyncState.Synced || engine.Book.BidDepth == 0 || engine.Book.AskDepth == 0)
            {
                continue;
            }

            venue.CancelAll(Account, _ => { });
            foreach (var (side, price) in new[] { (Side.Buy, engine.Book.BestBid!.Value.Price), (Side.Sell, engine.Book.BestAsk!.Value.Price) })
            {
                venue.Place(new OrderRequest(instrument, side, OrderType.Limit, new Quantity(0.001m), ClientOrderId.Create($"q-{++quotes}")) { LimitPrice = price, PostOnly = true }, Account, _ => { });
            }
        }

        var fills = events.OfType<FillEvent>().ToList();
        var btcChange = fills.Sum(f => (f.Side == Side.Buy ? 1 : -1) * f.Quantity.Value);
        var usdtChange = fills.Sum(f => ((f.Side == Side.Buy ? -1 : 1) * f.Price.Value * f.Quantity.Value) - f.Fee);
        var reconciles = account.Total(btc) == start[btc] + btcChange && account.Total(usdt) == start[usdt] + usdtChange;
        return ([.. fills.Select(f => $"{f.TsEvent} {f.VenueOrderId} {f.TradeId} {f.Side} {f.Price} {f.Quantity} {f.Liquidity} {f.Fee}")], reconciles);
    }
}
