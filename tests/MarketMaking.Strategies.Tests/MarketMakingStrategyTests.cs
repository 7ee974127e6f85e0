using MarketMaking.Models;
using MarketMaking.Oms;
using Microsoft.Extensions.Configuration;
using static MarketMaking.Testing.Eventually;

namespace MarketMaking.Strategies.Tests;

/// <summary>The market-making strategy on a real engine loop with a venue that accepts everything: quote, hold, requote by amends, reload, budget, several symbols.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class MarketMakingStrategyTests
{
    private static readonly InstrumentSpec s_btc = InstrumentSpec.FromPrecision(InstrumentId.Create("BTC/USD"), 2, 3);
    private static readonly InstrumentSpec s_eth = InstrumentSpec.FromPrecision(InstrumentId.Create("ETH/USD"), 2, 3);
    private readonly ReloadableConfig<MarketMakerConfig> _config;
    private readonly MarketMakingStrategy _strategy;
    private readonly StrategyHarness _harness;

    public MarketMakingStrategyTests()
    {
        _config = new ReloadableConfig<MarketMakerConfig>(
            new MarketMakerConfig
            {
                Venue = "kraken",
                Symbols = ["BTC/USD", "ETH/USD"],
                SignalWeights = new SignalWeights { VolumeOrderImbalance = 0, OrderFlowImbalance = 0 },
                SpreadBps = 10,
                OrdersPerSide = 3,
                FinalOrderDistanceBps = 50,
                MinOrderSize = 0.010m,
                MaxOrderSize = 0.030m,
                ImbalanceDepths = [1],
                RefreshInterval = TimeSpan.FromSeconds(1),
            },
            MarketMakerConfigValidator.Validate,
            MarketMakerConfigValidator.ValidateChange);
        _strategy = new MarketMakingStrategy(_config);
        _harness = new StrategyHarness(_strategy, s_btc, s_eth);
    }

    private AcceptingVenue Exchange => _harness.Exchange;

    [TearDown]
    public async Task TearDownAsync() => await _harness.DisposeAsync();

    private decimal[] Prices(Side side) => _harness.Prices(s_btc.Instrument, side);

    private async Task<(decimal[] Bids, decimal[] Asks)> QuoteOnceAsync()
    {
        await _harness.StartAsync();
        await _harness.PostTouchAsync(s_btc.Instrument, 99.99m, 100.01m);
        await _harness.RefreshAsync();
        await _harness.WaitForQuotesAsync(s_btc.Instrument, 6);
        return (Prices(Side.Buy), Prices(Side.Sell));
    }

    [Test]
    public async Task ABookChange_RefreshesTheQuotesBetweenTimerTicks_AtMostOncePerBookRefreshInterval()
    {
        var (firstBids, firstAsks) = await QuoteOnceAsync();

        // 150 ms after the last refresh, far from the next 1 s tick, the touch moves up 20 bps: the quotes follow at once,
        // all but the nearest bid, which would reach our nearest ask (100.05) until its amend is answered.
        _harness.Clock.Advance(TimeSpan.FromMilliseconds(150));
        await _harness.PostTouchAsync(s_btc.Instrument, 100.19m, 100.21m);
        await WaitForAsync(() => Exchange.Amends == 5, "the grid moved on the book change");
        await _harness.WaitForQuotesAsync(s_btc.Instrument, 6);
        var nearestBidWaited = Prices(Side.Buy)[^1];

        // 50 ms later it moves back: within the 100 ms interval nothing is sent (decided when the loop applied the book).
        _harness.Clock.Advance(TimeSpan.FromMilliseconds(50));
        await _harness.PostTouchAsync(s_btc.Instrument, 100.19m, 100.21m);
        var amendsWithinTheInterval = Exchange.Amends;

        // The next book update once the interval has passed refreshes again: the nearest bid follows.
        _harness.Clock.Advance(TimeSpan.FromMilliseconds(60));
        await _harness.PostTouchAsync(s_btc.Instrument, 100.19m, 100.21m);
        await WaitForAsync(() => Exchange.Amends == 6, "the nearest bid moved");
        await _harness.WaitForQuotesAsync(s_btc.Instrument, 6);
        var moved = (Bids: Prices(Side.Buy), Asks: Prices(Side.Sell));

        Assert.Multiple(() =>
        {
            Assert.That(nearestBidWaited, Is.EqualTo(99.95m), "the nearest bid kept its price while our asks were below the new one");
            Assert.That(amendsWithinTheInterval, Is.EqualTo(5), "no refresh within BookRefreshInterval of the last");
            Assert.That(moved.Bids, Is.EqualTo(new[] { 99.69m, 99.92m, 100.14m }), "the grid around 100.20, before any tick");
            Assert.That(moved.Asks, Is.EqualTo(new[] { 100.26m, 100.48m, 100.71m }));
            Assert.That(firstBids, Is.EqualTo(new[] { 99.50m, 99.72m, 99.95m }));
            Assert.That(firstAsks, Is.EqualTo(new[] { 100.05m, 100.28m, 100.50m }));
        });
    }

    [Test]
    public async Task QuotesTheGrid_HoldsItWhileTheMidStays_AndMovesItByAmendsWhenTheMidMoves()
    {
        var (firstBids, firstAsks) = await QuoteOnceAsync();

        await _harness.RefreshAsync();
        var ordersAfterHold = _harness.Oms.Read(store => store.Count);

        // The mid moves 20 bps, past our nearest ask: the asks move first, the nearest bid at the next refresh (until
        // the venue answers the asks' amends, a bid there would meet our own ask).
        await _harness.PostTouchAsync(s_btc.Instrument, 100.19m, 100.21m);
        await _harness.RefreshAsync();
        await WaitForAsync(() => Exchange.Amends == 5, "five amends sent");
        await _harness.WaitForQuotesAsync(s_btc.Instrument, 6);
        await _harness.RefreshAsync();
        await WaitForAsync(() => Exchange.Amends == 6, "the sixth at the next refresh");
        await _harness.WaitForQuotesAsync(s_btc.Instrument, 6);

        Assert.Multiple(() =>
        {
            Assert.That(firstBids, Is.EqualTo(new[] { 99.50m, 99.72m, 99.95m }), "the neutral grid around 100.00");
            Assert.That(firstAsks, Is.EqualTo(new[] { 100.05m, 100.28m, 100.50m }));
            Assert.That(_harness.Oms.Read(store => store.Open(StrategyHarness.Venue, s_btc.Instrument).All(o => o.PostOnly && o.Strategy == "market-maker")), Is.True);
            Assert.That(ordersAfterHold, Is.EqualTo(6), "nothing new while the mid stayed");
            Assert.That(_harness.Oms.Read(store => store.Count), Is.EqualTo(6), "requoted by amending, not by new orders");
            Assert.That(Prices(Side.Buy), Is.EqualTo(new[] { 99.69m, 99.92m, 100.14m }), "the grid around 100.20");
            Assert.That(Prices(Side.Sell), Is.EqualTo(new[] { 100.26m, 100.48m, 100.71m }));
        });
    }

    [Test]
    public async Task HotReload_AValidChangeTakesEffectAtTheNextRefresh_AnInvalidOneIsRejectedAndReported()
    {
        var file = Path.Combine(Path.GetTempPath(), $"mm-{Guid.NewGuid():N}.json");
        try
        {
            static string Settings(string spread, string minSize) =>
                $$"""{ "MarketMaker": { "Venue": "kraken", "Symbols": [ "BTC/USD", "ETH/USD" ], "SpreadBps": {{spread}}, "OrdersPerSide": 3, "FinalOrderDistanceBps": 50, "MinOrderSize": {{minSize}}, "MaxOrderSize": 0.030, "ImbalanceDepths": [ 1 ], "SignalWeights": { "VolumeOrderImbalance": 0, "OrderFlowImbalance": 0 } } }""";
            await File.WriteAllTextAsync(file, Settings("10", "0.010"));
            var root = new ConfigurationBuilder().AddJsonFile(file, optional: false, reloadOnChange: false).Build();
            var rejections = new List<IReadOnlyList<string>>();
            _config.Rejected += rejections.Add;
            _config.Watch(root.GetSection(MarketMakerConfig.SectionName), MarketMakerConfig.FromConfiguration);
            await QuoteOnceAsync();

            // A valid change: twice the spread. Nothing moves until the next refresh; then the three quotes that changed
            // by more than the tolerance are amended (the far ones stay at 50 bps).
            await File.WriteAllTextAsync(file, Settings("20", "0.010"));
            root.Reload();
            var amendsBeforeRefresh = Exchange.Amends;
            await _harness.RefreshAsync();
            await WaitForAsync(() => Exchange.Amends == 3, "the grid moved to the new spread");
            await _harness.WaitForQuotesAsync(s_btc.Instrument, 6);
            var widened = (Bids: Prices(Side.Buy), Asks: Prices(Side.Sell));

            // An invalid change (the nearest size above the farthest, and a spread that would move every quote) and one that cannot be read.
            await File.WriteAllTextAsync(file, Settings("40", "0.050"));
            root.Reload();
            await File.WriteAllTextAsync(file, Settings("\"wide\"", "0.010"));
            root.Reload();
            await _harness.RefreshAsync();
            await _harness.RefreshAsync();

            Assert.Multiple(() =>
            {
                Assert.That(amendsBeforeRefresh, Is.Zero, "a change waits for the refresh");
                Assert.That(widened.Bids, Is.EqualTo(new[] { 99.50m, 99.70m, 99.90m }), "10 bps from the mid, out to 50");
                Assert.That(widened.Asks, Is.EqualTo(new[] { 100.10m, 100.28m, 100.50m }), "100.28 is within the 2 bps tolerance of 100.30: left alone");
                Assert.That(_config.Version, Is.EqualTo(1), "only the valid change was applied");
                Assert.That(_config.Current.SpreadBps, Is.EqualTo(20), "the running configuration stays");
                Assert.That(rejections, Has.Count.EqualTo(2));
                Assert.That(rejections[0], Has.Some.Contains("MinOrderSize (0.050) must not exceed MaxOrderSize (0.030)"));
                Assert.That(rejections[1], Has.Some.Contains("SpreadBps").And.Some.Contains("wide"));
                Assert.That(_config.LastRejection, Is.EqualTo(rejections[1]));
                Assert.That(Exchange.Amends, Is.EqualTo(3), "the rejected changes moved nothing");
                Assert.That(Prices(Side.Buy), Is.EqualTo(widened.Bids));
            });
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task RateBudgetSpent_QuotesTheMarketWouldPickOffAreCanceled_TheOthersKeepQuoting_AndTheBudgetGoesToTheEmptySideFirst()
    {
        await QuoteOnceAsync();

        Exchange.Headroom = 0;
        await _harness.PostTouchAsync(s_btc.Instrument, 100.19m, 100.21m);
        await _harness.RefreshAsync();
        await WaitForAsync(() => Exchange.Cancels == 3 && _harness.Oms.Read(store => !store.Open(StrategyHarness.Venue, s_btc.Instrument).Any(o => o.Side == Side.Sell)), "the asks below the new grid canceled");
        await _harness.RefreshAsync();
        var placedWhileSpent = Exchange.Placed;
        var bidsWhileSpent = Prices(Side.Buy);

        Exchange.Headroom = 2;
        await _harness.RefreshAsync();
        await WaitForAsync(() => Exchange.Placed == 8, "two changes: the two nearest asks placed");
        var withTwo = (Bids: Prices(Side.Buy), Asks: Prices(Side.Sell), Amends: Exchange.Amends);

        Exchange.Headroom = int.MaxValue;
        await _harness.RefreshAsync();
        await _harness.WaitForQuotesAsync(s_btc.Instrument, 6);
        await WaitForAsync(() => Prices(Side.Buy).SequenceEqual(new[] { 99.69m, 99.92m, 100.14m }), "the bids moved to the grid around 100.20");

        Assert.Multiple(() =>
        {
            Assert.That(placedWhileSpent, Is.EqualTo(6), "no new ask sent while the budget is spent");
            Assert.That(bidsWhileSpent, Is.EqualTo(new[] { 99.50m, 99.72m, 99.95m }), "the bids, now further from the mid than wanted, kept quoting");
            Assert.That(withTwo.Asks, Is.EqualTo(new[] { 100.26m, 100.48m }), "the budget of two went to the empty side, nearest the mid first");
            Assert.That(withTwo.Bids, Is.EqualTo(new[] { 99.50m, 99.72m, 99.95m }), "the bids, merely further from the mid, wait: one new order a side is kept for refills");
            Assert.That(withTwo.Amends, Is.Zero);
            Assert.That(Exchange.Cancels, Is.EqualTo(3), "only the asks the market would lift were canceled");
            Assert.That(Exchange.Placed, Is.EqualTo(9), "three new asks in all");
            Assert.That(Exchange.Amends, Is.EqualTo(3), "and the bids amended");
            Assert.That(Prices(Side.Sell), Is.EqualTo(new[] { 100.26m, 100.48m, 100.71m }), "the asks of the grid around 100.20");
        });
    }

    [Test]
    public async Task SeveralSymbols_EachGetsItsOwnGridAndPosition()
    {
        await QuoteOnceAsync();
        await _harness.PostTouchAsync(s_eth.Instrument, 1999.99m, 2000.01m);
        await _harness.RefreshAsync();
        await _harness.WaitForQuotesAsync(s_eth.Instrument, 6);
        var ethBid = _harness.Oms.Read(store => store.Open(StrategyHarness.Venue, s_eth.Instrument).Where(o => o.Side == Side.Buy).MaxBy(o => o.LimitPrice!.Value.Value))!;
        await _harness.PostAsync(new FillEvent(StrategyHarness.Venue, s_eth.Instrument, ethBid.VenueOrderId!.Value, TradeId.Create("t-eth-1"), Side.Buy, ethBid.LimitPrice!.Value, new Quantity(0.004m), 3, 3));

        Assert.Multiple(() =>
        {
            Assert.That(_strategy.Instruments, Is.EqualTo(new[] { s_btc.Instrument, s_eth.Instrument }));
            Assert.That(_harness.Prices(s_eth.Instrument, Side.Buy), Is.EqualTo(new[] { 1990.00m, 1994.50m, 1999.00m }), "the grid around 2000.00: 5, 27.5 and 50 bps");
            Assert.That(_harness.Prices(s_eth.Instrument, Side.Sell), Is.EqualTo(new[] { 2001.00m, 2005.50m, 2010.00m }));
            Assert.That(Prices(Side.Buy), Is.EqualTo(new[] { 99.50m, 99.72m, 99.95m }), "BTC's grid unchanged");
            Assert.That(_strategy.PositionOf(s_eth.Instrument), Is.EqualTo(0.004m));
            Assert.That(_strategy.PositionOf(s_btc.Instrument), Is.Zero, "a fill counts for its own instrument only");
            Assert.That(() => _strategy.PositionOf(InstrumentId.Create("SOL/USD")), Throws.TypeOf<KeyNotFoundException>().With.Message.Contains("SOL/USD"));
        });
    }

    [Test]
    public async Task LastGrid_ReadOnAnotherThreadWhileTheLoopRequotes_IsAlwaysOneWholeGrid()
    {
        var beforeQuoting = _strategy.LastGrid;
        await QuoteOnceAsync();

        // The touch jumps between 100 and 200 while another thread reads the grid without pause: a copy taken half
        // before and half after a requote would have bids near one mid and asks near the other.
        using var stop = new CancellationTokenSource();
        var (reads, torn, seen) = (0, 0, new HashSet<decimal>());
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (_strategy.LastGrid is { } grid)
                {
                    reads++;
                    torn += IsWhole(grid) ? 0 : 1;
                    seen.Add(grid.Bids[0].Price.Value);
                }
            }
        });
        for (var i = 1; i <= 120; i++)
        {
            var mid = i % 2 == 1 ? 200m : 100m;
            await _harness.PostTouchAsync(s_btc.Instrument, mid - 0.01m, mid + 0.01m);
            await _harness.RefreshAsync();
            await WaitForAsync(() => _strategy.LastGrid is { } grid && Math.Abs(grid.Bids[0].Price.Value - mid) < mid / 10, $"a grid around {mid} published");
        }

        await stop.CancelAsync();
        await reader;
        await _harness.RefreshAsync();
        await _harness.WaitForQuotesAsync(s_btc.Instrument, 6);
        var last = _strategy.LastGrid!;

        Assert.Multiple(() =>
        {
            Assert.That(beforeQuoting, Is.Null);
            Assert.That(torn, Is.Zero, $"of {reads} reads");
            Assert.That(seen, Has.Count.GreaterThan(1), "the reader saw the grid move");
            Assert.That(last.Bids.Select(l => l.Price.Value).Reverse(), Is.EqualTo(Prices(Side.Buy)), "the grid read is the one the orders rest at");
            Assert.That(last.Asks.Select(l => l.Price.Value), Is.EqualTo(Prices(Side.Sell)));
        });

        static bool IsWhole(QuoteGrid grid)
        {
            if (grid.Bids.Length != 3 || grid.Asks.Length != 3)
            {
                return false;
            }

            var mid = (grid.Bids[0].Price.Value + grid.Asks[0].Price.Value) / 2;
            return grid.Bids.Concat(grid.Asks).All(l => Math.Abs(l.Price.Value - mid) < mid / 5)
                && grid.Bids.Zip(grid.Bids.Skip(1)).All(p => p.First.Price > p.Second.Price)
                && grid.Asks.Zip(grid.Asks.Skip(1)).All(p => p.First.Price < p.Second.Price);
        }
    }
}
