using MarketMaking.Testing;
using MarketMaking.Models;
using MarketMaking.Simulation.BinanceProtocol;

namespace MarketMaking.Adapters.Binance.Tests;

/// <summary>
/// A USD-M account set at start from configuration (position mode, margin type, leverage) and its positions read back,
/// against the Binance-protocol simulator; what the venue holds is read there, not taken from the answers.
/// </summary>
[NonParallelizable]
public sealed class BinanceFuturesAccountTests
{
    private const string Key = BinanceSimulatorSetup.Key;
    private const string Secret = BinanceSimulatorSetup.Secret;
    private static readonly InstrumentId s_btcUsdt = BinanceSimulatorSetup.BtcUsdt;

    [Test]
    public async Task TheSettingsApplyAtStart_AndApplyingThemAgainSucceeds()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.UsdM);
        using var orders = Orders(server);
        var account = new BinanceFuturesAccountClient(orders, BinanceMarket.UsdM);
        var settings = new FuturesAccountSettings { Leverage = 5, MarginMode = MarginMode.Isolated, Instruments = { s_btcUsdt } };

        var first = await settings.ApplyAsync(account);
        var again = await settings.ApplyAsync(account);
        var held = await server.ReadFuturesSettingsAsync();

        Assert.That((first.IsSuccess, again.IsSuccess), Is.EqualTo((true, true)), $"{first.Error} / {again.Error}");
        Assert.That((held.Leverage[s_btcUsdt], held.MarginType[s_btcUsdt], held.HedgeMode), Is.EqualTo((5, "ISOLATED", false)));
    }

    [Test]
    public async Task ALeverageTheVenueRefuses_IsAFailureNamingTheSetting_AndNothingChanges()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.UsdM);
        using var orders = Orders(server);
        var settings = new FuturesAccountSettings { Leverage = 200, Instruments = { s_btcUsdt } };

        var applied = await settings.ApplyAsync(new BinanceFuturesAccountClient(orders, BinanceMarket.UsdM));

        Assert.That((applied.IsSuccess, applied.Error?.VenueCode, applied.Error?.Message), Is.EqualTo((false, "Binance -4028", "leverage 200 on BTCUSDT: Leverage 200 is not valid")));
        Assert.That((await server.ReadFuturesSettingsAsync()).Leverage[s_btcUsdt], Is.EqualTo(20), "Binance's default, unchanged");
    }

    [Test]
    public async Task AFilledOrder_IsAPositionMarkedAtTheMid_AndTheMarginTypeCannotChangeUnderIt()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.UsdM);
        using var orders = Orders(server);
        var account = new BinanceFuturesAccountClient(orders, BinanceMarket.UsdM);
        var (bid, ask) = await BinanceSimulatorSetup.TouchAsync(server);

        var taken = await orders.PlaceOrderAsync(new OrderRequest(s_btcUsdt, Side.Buy, OrderType.Limit, Quantity.Parse("0.002"), ClientOrderId.Create("mm-long"))
        {
            LimitPrice = new Price(ask + 1m),
            TimeInForce = TimeInForce.ImmediateOrCancel,
        });
        var positions = await account.GetPositionsAsync();
        var margin = await account.SetMarginModeAsync(s_btcUsdt, MarginMode.Isolated);

        Assert.That(taken.IsSuccess, Is.True, taken.Error?.ToString());
        var position = positions.Value!.Single();
        Assert.Multiple(() =>
        {
            Assert.That((position.Instrument, position.Quantity), Is.EqualTo((s_btcUsdt, 0.002m)));
            Assert.That(position.EntryPrice, Is.InRange(ask, ask + 1m), "bought at the ask or through it");
            Assert.That(position.MarkPrice, Is.EqualTo((bid + ask) / 2m));
            Assert.That((margin.IsSuccess, margin.Error?.VenueCode), Is.EqualTo((false, "Binance -4048")));
        });
    }

    private static BinanceOrderEntryClient Orders(BinanceSimulatorServer server) =>
        new(new BinanceTradingOptions { Market = BinanceMarket.UsdM, RestBaseUrl = server.RestBaseUrl, ApiKey = Key, ApiSecret = Secret }, TimeProvider.System);
}
