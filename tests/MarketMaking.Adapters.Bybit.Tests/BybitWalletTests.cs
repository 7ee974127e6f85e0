using System.Text;
using System.Text.Json;
using MarketMaking.Models;
using MarketMaking.Simulation.BybitProtocol;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Bybit.Tests;

/// <summary>
/// Private <c>wallet</c> messages read into balances (<see cref="BybitWalletMessage"/>), on a message built from the
/// docs' field list (https://bybit-exchange.github.io/docs/v5/websocket/private/wallet), and end to end on the spot
/// simulator (a fill's two coins arrive as balances equal to what the simulated account holds) and the linear one (the
/// settle coin's balance moves by the PnL a reducing fill realizes, less the fees).
/// </summary>
[NonParallelizable]
public sealed class BybitWalletTests
{
    private static readonly VenueId s_bybit = VenueId.Create("bybit");

    [Test]
    public void EachCoin_IsABalance_ItsWalletBalanceLessWhatIsLocked_Available()
    {
        var balances = BybitWalletMessage.Parse(
            Encoding.UTF8.GetBytes("""{"id":"w1","topic":"wallet","creationTime":1723075200123,"data":[{"accountType":"UNIFIED","totalEquity":"70000","coin":[{"coin":"BTC","walletBalance":"1.25","locked":"0.25","equity":"1.25"},{"coin":"USDT","walletBalance":"1000.5","locked":"","equity":"1000.5"}]}]}"""),
            s_bybit,
            9);
        var bad = Assert.Throws<JsonException>(() => BybitWalletMessage.Parse(Encoding.UTF8.GetBytes("""{"topic":"wallet","data":[{"coin":[{"coin":"BTC","walletBalance":"x"}]}]}"""), s_bybit, 0));

        Assert.That(balances.Select(b => (b.Asset.Value, b.Total, b.Available, b.TsEvent, b.TsInit)), Is.EqualTo(new[] { ("BTC", 1.25m, (decimal?)1.0m, 1_723_075_200_123_000_000L, 9L), ("USDT", 1000.5m, (decimal?)1000.5m, 1_723_075_200_123_000_000L, 9L) }));
        Assert.That(bad!.Message, Is.EqualTo("A wallet coin's walletBalance is a number as text, not 'x'"));
    }

    [Test]
    public async Task OnSpot_AFillsTwoCoins_ArriveAsTheBalancesTheVenueHolds()
    {
        const string Key = "bybit-wallet-key";
        const string Secret = "bybit-wallet-secret-0123456789";
        await using var account = await BybitAccountUnderTest.StartAsync(BybitCategory.Spot, Key, Secret);
        var (server, orders, sink) = (account.Server, account.Orders, account.Events);
        var (_, ask) = await account.TouchAsync();

        var placed = await orders.PlaceOrderAsync(new OrderRequest(BybitSimulatorSetup.BtcUsdt, Side.Buy, OrderType.Limit, Quantity.Parse("0.002"), ClientOrderId.Create("w-take")) { LimitPrice = new Price(ask + 5m), TimeInForce = TimeInForce.ImmediateOrCancel });
        await sink.WaitForAsync(e => e.OfType<BalanceUpdate>().Select(b => b.Asset.Value).Distinct().Count() == 2, "the fill's two coins on the wallet topic");
        var held = await server.ReadAsync(venue => (Btc: venue.Accounts["main"].Total(AssetId.Create("BTC")), Usdt: venue.Accounts["main"].Total(AssetId.Create("USDT"))));
        var last = sink.Snapshot.OfType<BalanceUpdate>().GroupBy(b => b.Asset.Value).ToDictionary(g => g.Key, g => g.Last().Total);

        Assert.That(placed.IsSuccess, Is.True, placed.Error?.ToString());
        Assert.That((last["BTC"], last["USDT"]), Is.EqualTo((held.Btc, held.Usdt)), "the balances the simulated account holds after the fill");
        Assert.That(held.Btc, Is.GreaterThan(10m), "the account bought: more than its starting 10 BTC");
    }

    [Test]
    public async Task OnLinear_TheSettleCoin_IsTheStartingBalance_PlusWhatAReducingFillRealized_LessTheFees()
    {
        const string Key = "bybit-linear-wallet-key";
        const string Secret = "bybit-linear-wallet-secret-7a1c";
        await using var account = await BybitAccountUnderTest.StartAsync(BybitCategory.Linear, Key, Secret);
        var (orders, sink) = (account.Orders, account.Events);
        var (bid, ask) = await account.TouchAsync();

        // Long 0.002 taken at the ask, then 0.001 of it sold at the bid: the sale realizes 0.001 × (its price − entry).
        var bought = await orders.PlaceOrderAsync(new OrderRequest(BybitSimulatorSetup.BtcUsdt, Side.Buy, OrderType.Limit, Quantity.Parse("0.002"), ClientOrderId.Create("lw-buy")) { LimitPrice = new Price(ask + 5m), TimeInForce = TimeInForce.ImmediateOrCancel });
        await sink.WaitForAsync(e => e.OfType<FillEvent>().Sum(f => f.Quantity.Value) == 0.002m, "the buy filled");
        var sold = await orders.PlaceOrderAsync(new OrderRequest(BybitSimulatorSetup.BtcUsdt, Side.Sell, OrderType.Limit, Quantity.Parse("0.001"), ClientOrderId.Create("lw-sell")) { LimitPrice = new Price(bid - 5m), TimeInForce = TimeInForce.ImmediateOrCancel });
        await sink.WaitForAsync(
            e => e.OfType<FillEvent>().Sum(f => f.Quantity.Value) == 0.003m && e.OfType<BalanceUpdate>().Count(b => b.Asset.Value == "USDT") == e.OfType<FillEvent>().Count(),
            "the sale filled, a wallet push after each fill");
        var fills = sink.Snapshot.OfType<FillEvent>().ToArray();
        var buys = fills.Where(f => f.Side == Side.Buy).ToArray();
        var entry = buys.Sum(f => f.Quantity.Value * f.Price.Value) / buys.Sum(f => f.Quantity.Value);
        var realized = fills.Where(f => f.Side == Side.Sell).Sum(f => f.Quantity.Value * (f.Price.Value - entry));
        var usdt = sink.Snapshot.OfType<BalanceUpdate>().Last(b => b.Asset.Value == "USDT").Total;

        Assert.Multiple(() =>
        {
            Assert.That(bought.IsSuccess && sold.IsSuccess, Is.True);
            Assert.That(usdt, Is.EqualTo(1_000_000m + realized - fills.Sum(f => f.Fee)), "the starting 1,000,000 USDT, the realized PnL, the fees");
            Assert.That(sink.Snapshot.OfType<BalanceUpdate>().Select(b => b.Asset.Value).Distinct(), Is.EqualTo(new[] { "USDT" }), "linear settles in USDT only");
        });
    }
}
