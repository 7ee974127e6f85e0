using MarketMaking.Models;

namespace MarketMaking.Inventory.Tests;

/// <summary>Positions and PnL, fees included, against a fixture of fills and marks computed by hand.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class PositionAndPnlTests
{
    private static readonly AssetId s_btc = AssetId.Create("BTC");
    private readonly InventoryRun _run = new();

    [TearDown]
    public async Task TearDownAsync() => await _run.DisposeAsync();

    [Test]
    public async Task AverageCost_RealizedAndUnrealizedPnl_AndFees_MatchTheHandComputedFixture()
    {
        var usd = InventoryRun.BtcUsd.Instrument;

        // Buy 1 @ 100 (fee 0.10), buy 1 @ 110 (fee 0.11): long 2 at 105.
        await _run.QuoteFillAsync(InventoryRun.Kraken, usd, Side.Buy, 100m, 1m, fee: 0.10m);
        await _run.QuoteFillAsync(InventoryRun.Kraken, usd, Side.Buy, 110m, 1m, fee: 0.11m);
        var afterBuys = Snapshot();

        // Sell 1.5 @ 120 (fee 0.18): realizes (120 − 105) × 1.5 = 22.5; long 0.5 at 105.
        await _run.QuoteFillAsync(InventoryRun.Kraken, usd, Side.Sell, 120m, 1.5m, fee: 0.18m);
        var afterSale = Snapshot();

        // Sell 1 @ 100 (fee 0.10): closes 0.5 for (100 − 105) × 0.5 = −2.5, then short 0.5 at 100.
        await _run.QuoteFillAsync(InventoryRun.Kraken, usd, Side.Sell, 100m, 1m, fee: 0.10m);

        // Marked at a mid of 90: the short gains (90 − 100) × −0.5 = 5.
        await _run.Engine.PostTouchAsync(InventoryRun.Kraken, usd, 89.9m, 90.1m);
        var position = _run.Inventory.Get(InventoryRun.Kraken, usd)!;

        Assert.Multiple(() =>
        {
            Assert.That(afterBuys, Is.EqualTo((2m, 105m, 0m, 0.21m)));
            Assert.That(afterSale, Is.EqualTo((0.5m, 105m, 22.5m, 0.39m)));
            Assert.That(position.Quantity, Is.EqualTo(-0.5m));
            Assert.That(position.AverageEntryPrice, Is.EqualTo(100m));
            Assert.That(position.RealizedPnl, Is.EqualTo(20m));
            Assert.That(position.FeesPaid, Is.EqualTo(0.49m));
            Assert.That(position.Mark, Is.EqualTo(90m));
            Assert.That(position.UnrealizedPnl, Is.EqualTo(5m));
            Assert.That(position.NetPnl, Is.EqualTo(24.51m), "20 + 5 − 0.49");
            Assert.That(position.Fills, Is.EqualTo(4));
            Assert.That(position.Volume, Is.EqualTo(4.5m));
            Assert.That(_run.Inventory.RealizedPnl, Is.EqualTo(19.51m), "USD quote: realized net of fees");
            Assert.That(_run.Inventory.TotalPnl, Is.EqualTo(24.51m));
        });
    }

    [Test]
    public async Task NetPositionAcrossVenues_IsOneExposure_ValuedInUsd_AndAFeeInTheBaseAssetShrinksThePosition()
    {
        // Long 0.3 BTC on Kraken BTC/USD; short 0.1 BTC on MEXC BTCUSDT, whose fee of 0.0001 BTC costs 0.0001 more BTC.
        await _run.QuoteFillAsync(InventoryRun.Kraken, InventoryRun.BtcUsd.Instrument, Side.Buy, 60_000m, 0.3m);
        await _run.QuoteFillAsync(InventoryRun.Mexc, InventoryRun.BtcUsdt.Instrument, Side.Sell, 60_100m, 0.1m, fee: 0.0001m, feeAsset: s_btc);
        await _run.Engine.PostTouchAsync(InventoryRun.Kraken, InventoryRun.BtcUsd.Instrument, 59_999.9m, 60_000.1m);
        await _run.Engine.PostTouchAsync(InventoryRun.Mexc, InventoryRun.BtcUsdt.Instrument, 60_099.99m, 60_100.01m);
        var mexc = _run.Inventory.Get(InventoryRun.Mexc, InventoryRun.BtcUsdt.Instrument)!;

        Assert.Multiple(() =>
        {
            Assert.That(mexc.Quantity, Is.EqualTo(-0.1001m));
            Assert.That(mexc.FeesPaid, Is.EqualTo(6.01m), "0.0001 BTC at 60,100");
            Assert.That(_run.Inventory.NetPosition(s_btc), Is.EqualTo(0.1999m), "0.3 − 0.1001");
            Assert.That(_run.Inventory.NetPosition(s_btc, new HashSet<VenueId> { InventoryRun.Kraken }), Is.EqualTo(0.3m));
            Assert.That(_run.Inventory.ExposureUsd(s_btc), Is.EqualTo(0.1999m * 60_000m), "valued at the first dollar book's mid");
            Assert.That(_run.Inventory.PositionOf(InventoryRun.Kraken, InventoryRun.BtcUsd.Instrument), Is.EqualTo(0.3m), "the portfolio risk reads");
        });
    }

    [Test]
    public async Task LimitBreaches_NameTheSymbolAndTheTotalExposure()
    {
        await using var run = new InventoryRun(limits: new PositionLimits { DefaultMaxPosition = 0.2m, MaxTotalExposureUsd = 10_000m });
        await run.QuoteFillAsync(InventoryRun.Kraken, InventoryRun.BtcUsd.Instrument, Side.Buy, 60_000m, 0.2m);
        await run.Engine.PostTouchAsync(InventoryRun.Kraken, InventoryRun.BtcUsd.Instrument, 59_999.9m, 60_000.1m);
        var within = run.Inventory.LimitBreaches();
        await run.QuoteFillAsync(InventoryRun.Kraken, InventoryRun.BtcUsd.Instrument, Side.Buy, 60_000m, 0.0001m);

        Assert.Multiple(() =>
        {
            Assert.That(within, Has.Count.EqualTo(1), "0.2 is at the symbol's limit, but 12,000 USD is beyond 10,000");
            Assert.That(run.Inventory.LimitBreaches(), Has.Some.Contains("BTC/USD on kraken: position 0.2001 beyond ±0.2"));
            Assert.That(run.Inventory.LimitBreaches(), Has.Some.Contains("total exposure 12006 USD beyond 10000 USD"));
            Assert.That(PositionLimits.Conservative().DefaultMaxPosition, Is.EqualTo(0.05m));
        });
    }

    private (decimal Quantity, decimal Average, decimal Realized, decimal Fees) Snapshot()
    {
        var p = _run.Inventory.Get(InventoryRun.Kraken, InventoryRun.BtcUsd.Instrument)!;
        return (p.Quantity, p.AverageEntryPrice, p.RealizedPnl, p.FeesPaid);
    }
}
