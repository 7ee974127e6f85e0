using System.Text.Json;
using MarketMaking.Models;
using MarketMaking.Simulation.BinanceProtocol;
using MarketMaking.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MarketMaking.Adapters.Binance.Tests;

/// <summary>
/// Binance's order-count limits (<c>ORDERS</c>): the pacing on a fake clock, worked by hand; the limits read from
/// <c>exchangeInfo</c>; and against the Binance-protocol simulator, which answers 429 <c>-1015</c> beyond its limit,
/// that a client which read the limits never meets it.
/// </summary>
[NonParallelizable]
public sealed class BinanceOrderRateTests
{
    private const string Key = BinanceSimulatorSetup.Key;
    private const string Secret = BinanceSimulatorSetup.Secret;

    [Test]
    public async Task NineTenthsOfTheLimit_GoAtOnce_TheNextWaitsUntilTheFirstLeaveTheWindow()
    {
        var clock = new FakeTimeProvider();
        var rate = new BinanceOrderRate(BinanceMarket.Spot, clock, TimeSpan.Zero);
        rate.Use([(TimeSpan.FromSeconds(10), 10)]);

        var first = new List<VenueError?>();
        for (var i = 0; i < 9; i++)
        {
            first.Add(await rate.AdmitAsync(1, CancellationToken.None));
        }

        var tenth = await rate.AdmitAsync(1, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(9.8));
        var stillFull = await rate.AdmitAsync(1, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(0.2));
        var afterTheWindow = await rate.AdmitAsync(9, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.All.Null, "9 of 10: nine tenths at once");
            Assert.That((tenth?.Kind, tenth?.NotSent, tenth?.IsTransient, tenth?.Message), Is.EqualTo(((VenueErrorKind?)VenueErrorKind.RateLimited, (bool?)true, (bool?)true, "Not sent: Binance's 10 orders per 10 s would be exceeded")));
            Assert.That(tenth!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(10)), "the segment of the first nine leaves the window 10 s after it began");
            Assert.That(stillFull?.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(0.2)));
            Assert.That(afterTheWindow, Is.Null, "10 s on, the first nine are out of the window");
        }
    }

    [Test]
    public async Task AnOrderThatDoesNotFit_WaitsForRoom_UpToTheBound_AndARefundedOrderFreesItsPlace()
    {
        var clock = new FakeTimeProvider();
        var rate = new BinanceOrderRate(BinanceMarket.Spot, clock, TimeSpan.FromSeconds(15));
        rate.Use([(TimeSpan.FromSeconds(10), 10), (TimeSpan.FromDays(1), 100)]);
        for (var i = 0; i < 9; i++)
        {
            Assert.That(await rate.AdmitAsync(1, CancellationToken.None), Is.Null);
        }

        rate.Refund(1);
        var refunded = await rate.AdmitAsync(1, CancellationToken.None);
        var waiting = rate.AdmitAsync(1, CancellationToken.None).AsTask();
        var waitingBefore = waiting.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(10));
        var admitted = await waiting;

        Assert.That((refunded, waitingBefore, admitted), Is.EqualTo(((VenueError?)null, false, (VenueError?)null)), "the refund's room taken at once; the next waited the 10 s for the window");
        Assert.That(rate.Limits, Is.EqualTo(new[] { (TimeSpan.FromSeconds(10), 10), (TimeSpan.FromDays(1), 100) }));
    }

    [Test]
    public void ExchangeInfosOrderLimits_AreRead_AndAnUnknownInterval_IsRefusedNamingIt()
    {
        using var info = JsonDocument.Parse("""{"rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000},{"rateLimitType":"ORDERS","interval":"SECOND","intervalNum":10,"limit":50},{"rateLimitType":"ORDERS","interval":"DAY","intervalNum":1,"limit":160000}]}""");
        using var bad = JsonDocument.Parse("""{"rateLimits":[{"rateLimitType":"ORDERS","interval":"WEEK","intervalNum":1,"limit":5}]}""");

        Assert.That(BinanceOrderRate.Read(info.RootElement), Is.EqualTo(new[] { (TimeSpan.FromSeconds(10), 50), (TimeSpan.FromDays(1), 160_000) }));
        Assert.That(() => BinanceOrderRate.Read(bad.RootElement), Throws.TypeOf<JsonException>().With.Message.EqualTo("An ORDERS rate limit's interval is SECOND, MINUTE, HOUR or DAY, not 'WEEK'"));
    }

    [Test]
    public async Task AClientBeyondTheVenuesOrderLimit_Meets429Minus1015_WhileOneThatReadItsLimits_IsNeverRefused()
    {
        var (unaware, refusedByVenue) = await PlaceSixAsync(readLimits: false);
        var (aware, refusedLocally) = await PlaceSixAsync(readLimits: true);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(unaware.Take(5).Select(r => r.IsSuccess), Is.All.True, "the defaults (50 per 10 s) let all six go");
            Assert.That((unaware[5].Error?.Kind, unaware[5].Error?.VenueCode, unaware[5].Error?.NotSent), Is.EqualTo(((VenueErrorKind?)VenueErrorKind.RateLimited, "Binance -1015", (bool?)false)));
            Assert.That(refusedByVenue, Is.EqualTo(1), "the venue refused the sixth");
            Assert.That(aware.Take(4).Select(r => r.IsSuccess), Is.All.True, "9/10 of 5, rounded down: 4");
            Assert.That(aware.Skip(4).Select(r => (r.Error?.Kind, r.Error?.NotSent)), Is.All.EqualTo(((VenueErrorKind?)VenueErrorKind.RateLimited, (bool?)true)));
            Assert.That(refusedLocally, Is.Zero, "the venue refused nothing: the client kept under the limit it read");
        }
    }

    /// <summary>Six post-only orders at once on a venue allowing 5 new orders per 10 s: the results and the venue's count of refusals.</summary>
    private static async Task<(List<VenueResult<OrderAck>> Results, int RefusedByVenue)> PlaceSixAsync(bool readLimits)
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot, new BinanceSimulatorOptions { OrdersPer10Seconds = 5 });
        using var client = new BinanceOrderEntryClient(new BinanceTradingOptions { RestBaseUrl = server.RestBaseUrl, ApiKey = Key, ApiSecret = Secret, MaxRateLimitWait = TimeSpan.Zero }, TimeProvider.System);
        if (readLimits)
        {
            var read = await client.ReadOrderRateLimitsAsync();
            Assert.That(read.IsSuccess ? read.Value : null, Is.EqualTo(new[] { (TimeSpan.FromSeconds(10), 5) }), read.Error?.ToString());
        }

        var (bid, _) = await BinanceSimulatorSetup.TouchAsync(server);
        var results = new List<VenueResult<OrderAck>>();
        for (var i = 0; i < 6; i++)
        {
            results.Add(await client.PlaceOrderAsync(new OrderRequest(BinanceSimulatorSetup.BtcUsdt, Side.Buy, OrderType.Limit, Quantity.Parse("0.001"), ClientOrderId.Create($"rate-{i}")) { LimitPrice = new Price(bid - 10m - i), PostOnly = true }));
        }

        return (results, server.RateLimitedRequests);
    }
}
