using System.Text;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Bybit.Tests;

/// <summary>
/// Private <c>position</c> messages read into positions (<see cref="BybitPositionMessage"/>), on messages built from the
/// docs' field list (https://bybit-exchange.github.io/docs/v5/websocket/private/position), and end to end on the linear
/// simulator: a fill's position arrives with the liquidation price the venue's position list reports.
/// </summary>
[NonParallelizable]
public sealed class BybitPositionTests
{
    private const string Key = "bybit-position-key";
    private const string Secret = "bybit-position-secret-0123456789";
    private static readonly VenueId s_bybit = VenueId.Create("bybit-linear");
    private static readonly InstrumentId s_btcUsdt = InstrumentId.Create("BTCUSDT");

    [Test]
    public void AShort_IsANegativeQuantity_WithEntryMarkAndLiquidationPrice_AndAFlatOne_HasNoLiquidationPrice()
    {
        var positions = BybitPositionMessage.Parse(
            Encoding.UTF8.GetBytes("""{"id":"p1","topic":"position","creationTime":1723075200123,"data":[{"category":"linear","symbol":"BTCUSDT","side":"Sell","size":"0.003","positionIdx":0,"entryPrice":"61000.5","markPrice":"61010","liqPrice":"66795.5","leverage":"10","unrealisedPnl":"-0.0285","updatedTime":"1723075200100"},{"category":"linear","symbol":"ETHUSDT","side":"","size":"0","positionIdx":0,"entryPrice":"0","markPrice":"2500","liqPrice":"","updatedTime":"1723075200000"}]}"""),
            s_bybit,
            9);
        var bad = Assert.Throws<JsonException>(() => BybitPositionMessage.Parse(Encoding.UTF8.GetBytes("""{"topic":"position","data":[{"symbol":"BTCUSDT","side":"Buy","size":"lots"}]}"""), s_bybit, 0));

        Assert.That(positions.Select(p => (p.Instrument.Value, p.Quantity, p.EntryPrice, p.MarkPrice, p.LiquidationPrice, p.TsEvent, p.TsInit)), Is.EqualTo(new[]
        {
            ("BTCUSDT", -0.003m, (decimal?)61000.5m, (decimal?)61010m, (decimal?)66795.5m, 1_723_075_200_100_000_000L, 9L),
            ("ETHUSDT", 0m, (decimal?)null, (decimal?)2500m, (decimal?)null, 1_723_075_200_000_000_000L, 9L),
        }));
        Assert.That(bad!.Message, Is.EqualTo("A position's size is a number as text, not 'lots'"));
    }

    [Test]
    public async Task OnLinear_AFill_ArrivesAsThePosition_WithTheLiquidationPriceOfThePositionList()
    {
        await using var account = await BybitAccountUnderTest.StartAsync(BybitCategory.Linear, Key, Secret);
        var (orders, sink) = (account.Orders, account.Events);
        var (_, ask) = await account.TouchAsync();

        var placed = await orders.PlaceOrderAsync(new OrderRequest(s_btcUsdt, Side.Buy, OrderType.Limit, Quantity.Parse("0.002"), ClientOrderId.Create("p-take")) { LimitPrice = new Price(ask + 5m), TimeInForce = TimeInForce.ImmediateOrCancel });
        await sink.WaitForAsync(e => e.OfType<PositionUpdate>().Any(p => p.Quantity == 0.002m), "the fill's position on the position topic");
        var pushed = sink.Snapshot.OfType<PositionUpdate>().Last();
        var listed = (await new BybitFuturesAccountClient(orders).GetPositionsAsync()).Value!.Single();

        Assert.That(placed.IsSuccess, Is.True, placed.Error?.ToString());
        Assert.Multiple(() =>
        {
            Assert.That((pushed.Instrument, pushed.EntryPrice), Is.EqualTo((s_btcUsdt, (decimal?)listed.EntryPrice)));
            Assert.That(pushed.LiquidationPrice, Is.EqualTo(listed.LiquidationPrice), "the stream and the position list agree");
            Assert.That(pushed.LiquidationPrice, Is.EqualTo(listed.EntryPrice * (1m - 0.1m + 0.005m)), "a long at the default 10x, 0.5 % maintenance margin");
        });
    }
}
