using MarketMaking.Models;
using MarketMaking.Simulation.BybitProtocol;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Bybit.Tests;

/// <summary>
/// A Bybit linear account set at start from configuration (position mode, margin mode, leverage) and its positions read
/// back, against the Bybit-protocol simulator replaying the USD-M BTCUSDT recording; what the venue holds is read there.
/// </summary>
[NonParallelizable]
public sealed class BybitFuturesAccountTests
{
    private const string Key = "bybit-test-key";
    private const string Secret = "bybit-test-secret-0123456789";
    private static readonly InstrumentId s_btcUsdt = InstrumentId.Create("BTCUSDT");

    [Test]
    public async Task TheSettingsApplyAtStart_AndApplyingThemAgainSucceeds_ThoughBybitSaysNotModified()
    {
        await using var server = await StartAsync();
        using var orders = Orders(server);
        var account = new BybitFuturesAccountClient(orders);
        var settings = new FuturesAccountSettings { Leverage = 5, MarginMode = MarginMode.Isolated, Instruments = { s_btcUsdt } };

        var first = await settings.ApplyAsync(account);
        var again = await settings.ApplyAsync(account);
        var held = await server.ReadAccountAsync();

        Assert.That((first.IsSuccess, again.IsSuccess), Is.EqualTo((true, true)), $"{first.Error} / {again.Error}");
        Assert.That((held.Leverage[s_btcUsdt], held.MarginMode, held.HedgeMode), Is.EqualTo((5, "ISOLATED_MARGIN", false)), "110043 and 110025 on the second pass are successes");
    }

    [Test]
    public async Task ALeverageTheVenueRefuses_IsAFailureNamingTheSetting_AndNothingChanges()
    {
        await using var server = await StartAsync();
        using var orders = Orders(server);

        var applied = await new FuturesAccountSettings { Leverage = 150, Instruments = { s_btcUsdt } }.ApplyAsync(new BybitFuturesAccountClient(orders));

        Assert.That((applied.IsSuccess, applied.Error?.VenueCode), Is.EqualTo((false, "Bybit 10001")));
        Assert.That(applied.Error!.Message, Does.StartWith("leverage 150 on BTCUSDT: "));
        Assert.That((await server.ReadAccountAsync()).Leverage[s_btcUsdt], Is.EqualTo(10), "the simulator's default, unchanged");
    }

    [Test]
    public async Task ASoldFill_IsAShortPosition_MarkedAtTheMid()
    {
        await using var server = await StartAsync();
        using var orders = Orders(server);
        var (bid, ask) = await server.ReadAsync(venue =>
        {
            var book = venue.Engines[s_btcUsdt].Book;
            return (book.Spec.FromTicks(book.GetBid(0).PriceTicks).Value, book.Spec.FromTicks(book.GetAsk(0).PriceTicks).Value);
        });

        var taken = await orders.PlaceOrderAsync(new OrderRequest(s_btcUsdt, Side.Sell, OrderType.Limit, Quantity.Parse("0.003"), ClientOrderId.Create("mm-short"))
        {
            LimitPrice = new Price(bid - 1m),
            TimeInForce = TimeInForce.ImmediateOrCancel,
        });
        var positions = await new BybitFuturesAccountClient(orders).GetPositionsAsync();

        Assert.That(taken.IsSuccess, Is.True, taken.Error?.ToString());
        var position = positions.Value!.Single();
        Assert.Multiple(() =>
        {
            Assert.That((position.Instrument, position.Quantity), Is.EqualTo((s_btcUsdt, -0.003m)), "Bybit's size with side Sell, as a negative quantity");
            Assert.That(position.EntryPrice, Is.InRange(bid - 1m, bid), "sold at the bid or through it");
            Assert.That(position.MarkPrice, Is.EqualTo((bid + ask) / 2m));
        });
    }

    private static Task<BybitSimulatorServer> StartAsync() =>
        BybitSimulatorSetup.StartBtcUsdtAsync(new BybitSimulatorOptions { Category = BybitCategory.Linear, ApiKey = Key, ApiSecret = Secret });

    private static BybitOrderEntryClient Orders(BybitSimulatorServer server) =>
        new(new BybitTradingOptions { Category = BybitCategory.Linear, RestBaseUrl = server.RestBaseUrl, ApiKey = Key, ApiSecret = Secret }, TimeProvider.System);
}
