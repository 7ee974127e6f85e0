using MarketMaking.Models;
using MarketMaking.Oms;

namespace MarketMaking.Risk.Tests;

/// <summary>Each pre-trade check just inside and just outside its limit.</summary>
public sealed class PreTradeChecksTests
{
    // BTC/USD: tick 0.1, lot 0.0001, minimum 0.0001, minimum notional 5.
    private static readonly InstrumentSpec s_spec = new(InstrumentId.Create("BTC/USD"), new Price(0.1m), new Quantity(0.0001m), 1, 4, minNotional: 5m);

    private static DenialReason? ReasonOf(OrderDenial? denial) => denial?.Reason;

    [Test]
    public void PriceOnTick()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PreTradeChecks.PriceOnTick(s_spec, new Price(60_000.1m)), Is.Null);
            Assert.That(ReasonOf(PreTradeChecks.PriceOnTick(s_spec, new Price(60_000.15m))), Is.EqualTo(DenialReason.PriceOffTick));
            Assert.That(PreTradeChecks.PriceOnTick(s_spec, new Price(60_000.15m))!.Message, Does.Contain("60000.15").And.Contain("0.1"));
        });
    }

    [Test]
    public void PriceWithinBand()
    {
        var mid = new Price(100m);
        Assert.Multiple(() =>
        {
            Assert.That(PreTradeChecks.PriceWithinBand(new Price(102.00m), mid, 200), Is.Null, "exactly 200 bps");
            Assert.That(ReasonOf(PreTradeChecks.PriceWithinBand(new Price(102.01m), mid, 200)), Is.EqualTo(DenialReason.PriceOutsideBand), "201 bps");
            Assert.That(ReasonOf(PreTradeChecks.PriceWithinBand(new Price(97.99m), mid, 200)), Is.EqualTo(DenialReason.PriceOutsideBand), "below too");
            Assert.That(ReasonOf(PreTradeChecks.PriceWithinBand(new Price(100m), null, 200)), Is.EqualTo(DenialReason.NoMarketData));
        });
    }

    [Test]
    public void QuantityOnLot()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PreTradeChecks.QuantityOnLot(s_spec, new Quantity(0.0001m)), Is.Null, "the minimum");
            Assert.That(ReasonOf(PreTradeChecks.QuantityOnLot(s_spec, new Quantity(0.00015m))), Is.EqualTo(DenialReason.QuantityOffLot), "between lots");
            Assert.That(ReasonOf(PreTradeChecks.QuantityOnLot(s_spec, Quantity.Zero)), Is.EqualTo(DenialReason.QuantityOffLot), "zero");
        });
    }

    [Test]
    public void MinNotional()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PreTradeChecks.MinNotional(s_spec, new Price(50_000m), new Quantity(0.0001m)), Is.Null, "exactly 5");
            Assert.That(ReasonOf(PreTradeChecks.MinNotional(s_spec, new Price(49_999.9m), new Quantity(0.0001m))), Is.EqualTo(DenialReason.BelowMinNotional), "4.99999");
        });
    }

    [Test]
    public void MaxOrderNotional()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PreTradeChecks.MaxOrderNotional(new Price(50_000m), new Quantity(0.2m), 10_000m), Is.Null, "exactly 10,000");
            Assert.That(ReasonOf(PreTradeChecks.MaxOrderNotional(new Price(50_000.1m), new Quantity(0.2m), 10_000m)), Is.EqualTo(DenialReason.AboveMaxOrderNotional));
            Assert.That(PreTradeChecks.MaxOrderNotional(new Price(50_000.1m), new Quantity(0.2m), 10_000m)!.Message, Does.Contain("10000.02").And.Contain("10000"));
        });
    }

    [Test]
    public void LeverageLimit_DeniesOnlyAnOrderThatRaisesTheGrossNotionalPastTheMarginTimesTheLeverage()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PreTradeChecks.LeverageLimit(grossBefore: 1_500m, grossAfter: 3_000m, margin: 1_000m, maxLeverage: 3m), Is.Null, "3,000 = 3 × 1,000");
            Assert.That(ReasonOf(PreTradeChecks.LeverageLimit(1_500m, 3_000.01m, 1_000m, 3m)), Is.EqualTo(DenialReason.LeverageLimit));
            Assert.That(PreTradeChecks.LeverageLimit(5_000m, 4_000m, 1_000m, 3m), Is.Null, "beyond the limit already, but the order lowers it");
            Assert.That(ReasonOf(PreTradeChecks.LeverageLimit(0m, 1m, 0m, 3m)), Is.EqualTo(DenialReason.LeverageLimit), "no margin: nothing may be added");
        });
    }

    [Test]
    public void PositionLimit_CountsOpenOrdersOnTheSameSideAtWorst()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PreTradeChecks.PositionLimit(Side.Buy, new Quantity(0.2m), position: 0.5m, openBuys: 0.3m, openSells: 5m, maxPosition: 1m), Is.Null, "0.5 + 0.3 + 0.2 = 1.0");
            Assert.That(ReasonOf(PreTradeChecks.PositionLimit(Side.Buy, new Quantity(0.2001m), 0.5m, 0.3m, 5m, 1m)), Is.EqualTo(DenialReason.PositionLimit), "1.0001");
            Assert.That(PreTradeChecks.PositionLimit(Side.Sell, new Quantity(0.5m), -0.2m, 0m, 0.3m, 1m), Is.Null, "−0.2 − 0.3 − 0.5 = −1.0");
            Assert.That(ReasonOf(PreTradeChecks.PositionLimit(Side.Sell, new Quantity(0.5001m), -0.2m, 0m, 0.3m, 1m)), Is.EqualTo(DenialReason.PositionLimit));
            Assert.That(PreTradeChecks.PositionLimit(Side.Sell, new Quantity(0.1m), 1.5m, 0m, 0m, 1m), Is.Null, "beyond the limit already, a reducing order still goes");
        });
    }

    [Test]
    public void LiquidationDistance_DeniesAddingToAShortNearItsLiquidation_NotReducingIt_NorWithoutALiquidationPriceOrWhenOff()
    {
        var mid = new Price(60_000m);
        Assert.Multiple(() =>
        {
            Assert.That(ReasonOf(PreTradeChecks.LiquidationDistance(Side.Sell, new Quantity(0.01m), -0.5m, mid, 62_000m, 500)), Is.EqualTo(DenialReason.NearLiquidation), "333 bps from a short's liquidation above");
            Assert.That(PreTradeChecks.LiquidationDistance(Side.Buy, new Quantity(0.5m), -0.5m, mid, 62_000m, 500), Is.Null, "buying the short back");
            Assert.That(ReasonOf(PreTradeChecks.LiquidationDistance(Side.Buy, new Quantity(0.6m), -0.5m, mid, 62_000m, 500)), Is.EqualTo(DenialReason.NearLiquidation), "a buy beyond it opens a long");
            Assert.That(PreTradeChecks.LiquidationDistance(Side.Sell, new Quantity(0.01m), -0.5m, mid, 64_000m, 500), Is.Null, "667 bps away");
            Assert.That(PreTradeChecks.LiquidationDistance(Side.Sell, new Quantity(0.01m), -0.5m, mid, null, 500), Is.Null, "no liquidation price (spot, or a venue that gives none)");
            Assert.That(PreTradeChecks.LiquidationDistance(Side.Sell, new Quantity(0.01m), -0.5m, null, 62_000m, 500), Is.Null, "no mid");
            Assert.That(PreTradeChecks.LiquidationDistance(Side.Sell, new Quantity(0.01m), -0.5m, mid, 62_000m, 0), Is.Null, "0 turns it off");
        });
    }

    [Test]
    public void MaxOpenOrdersAndOrdersPerSecond()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PreTradeChecks.MaxOpenOrders(49, 50), Is.Null, "the 50th");
            Assert.That(ReasonOf(PreTradeChecks.MaxOpenOrders(50, 50)), Is.EqualTo(DenialReason.TooManyOpenOrders), "the 51st");
            Assert.That(PreTradeChecks.OrdersPerSecond(19, 20), Is.Null);
            Assert.That(ReasonOf(PreTradeChecks.OrdersPerSecond(20, 20)), Is.EqualTo(DenialReason.OrderRateLimit));
        });
    }

    [Test]
    public void NoSelfCross()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PreTradeChecks.NoSelfCross(Side.Buy, new Price(99.9m), new Price(100m)), Is.Null, "a tick below our ask");
            Assert.That(ReasonOf(PreTradeChecks.NoSelfCross(Side.Buy, new Price(100m), new Price(100m))), Is.EqualTo(DenialReason.SelfCross), "at our ask");
            Assert.That(PreTradeChecks.NoSelfCross(Side.Sell, new Price(100.1m), new Price(100m)), Is.Null);
            Assert.That(ReasonOf(PreTradeChecks.NoSelfCross(Side.Sell, new Price(100m), new Price(100m))), Is.EqualTo(DenialReason.SelfCross), "at our bid");
            Assert.That(PreTradeChecks.NoSelfCross(Side.Buy, new Price(1_000m), null), Is.Null, "nothing of ours on the other side");
        });
    }

    [Test]
    public void TradingState()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PreTradeChecks.TradingStateAllows(Risk.TradingState.Active, Side.Buy, new Quantity(5m), 0m, 0m), Is.Null);
            Assert.That(ReasonOf(PreTradeChecks.TradingStateAllows(Risk.TradingState.Halted, Side.Sell, new Quantity(0.1m), 1m, 0m)), Is.EqualTo(DenialReason.TradingHalted), "even a reducing order");
            Assert.That(PreTradeChecks.TradingStateAllows(Risk.TradingState.Reducing, Side.Sell, new Quantity(0.6m), 1m, 0.4m), Is.Null, "0.6 + 0.4 open = the whole long");
            Assert.That(ReasonOf(PreTradeChecks.TradingStateAllows(Risk.TradingState.Reducing, Side.Sell, new Quantity(0.6001m), 1m, 0.4m)), Is.EqualTo(DenialReason.ReducingOnly), "would go short");
            Assert.That(ReasonOf(PreTradeChecks.TradingStateAllows(Risk.TradingState.Reducing, Side.Buy, new Quantity(0.1m), 1m, 0m)), Is.EqualTo(DenialReason.ReducingOnly), "adds to the long");
            Assert.That(PreTradeChecks.TradingStateAllows(Risk.TradingState.Reducing, Side.Buy, new Quantity(0.1m), -0.1m, 0m), Is.Null, "covers the short");
        });
    }
}
