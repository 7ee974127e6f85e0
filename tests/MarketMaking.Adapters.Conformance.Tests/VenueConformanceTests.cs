using MarketMaking.Models;

namespace MarketMaking.Adapters.Conformance.Tests;

/// <summary>
/// The conformance suite every venue adapter passes, each against its loopback venue: order entry (place, cancel,
/// amend and batch where the capabilities say so, a refusal, an unknown outcome on a time-out, the venue's rate-limit
/// answer, a clock off the venue's), the user stream (fills applied once, resubscribed after a dropped connection), the
/// book (a gap resynced), and no secret in any log line. A new venue is done when a subclass of this passes.
/// </summary>
public abstract class VenueConformanceTests
{
    /// <summary>Starts the venue and the adapter against it.</summary>
    /// <param name="faults">What the venue does wrong.</param>
    /// <returns>The venue under test.</returns>
    private protected abstract Task<ConformanceVenue> StartAsync(ConformanceFaults faults);

    [Test]
    public async Task APlacedOrder_RestsAtTheVenue_ArrivesOnTheUserStream_AndIsCanceled()
    {
        await using var venue = await StartAsync(ConformanceFaults.None);
        await venue.StartUserStreamAsync();
        var (bid, _) = await venue.TouchAsync();

        var placed = await venue.Orders.PlaceOrderAsync(Order(venue, Side.Buy, bid - (10 * venue.Tick), "conf-rest", postOnly: true));
        Assert.That(placed.IsSuccess, Is.True, placed.Error?.ToString());
        Assert.That(await venue.RestingAsync(), Is.EqualTo(new[] { "conf-rest" }));
        await venue.Events.WaitForAsync(e => Updates(e, "conf-rest").Any(u => u.Status == OrderStatus.Accepted), "the order accepted on the user stream");

        var canceled = await venue.Orders.CancelOrderAsync(venue.Instrument, new OrderReference(placed.Value!.VenueOrderId, ClientOrderId.Create("conf-rest")));
        Assert.That(canceled.IsSuccess, Is.True, canceled.Error?.ToString());
        await venue.Events.WaitForAsync(e => Updates(e, "conf-rest").Any(u => u.Status == OrderStatus.Canceled), "the order canceled on the user stream");
        Assert.That(await venue.RestingAsync(), Is.Empty);
    }

    [TestCase(true, TestName = "{m}(3 s ahead)")]
    [TestCase(false, TestName = "{m}(15 s behind)")]
    public async Task AClockOffTheVenues_IsSetRightByTheAdapter_TheUserStreamSubscribes_AndAnOrderRestsAndIsCanceled(bool ahead)
    {
        // The adapter's clock runs 3 s ahead or 15 s behind: a venue that checks signed timestamps (or a stream auth's
        // expiry) refuses them until the adapter reads its clock.
        await using var venue = await StartAsync(ahead ? ConformanceFaults.ClockAhead : ConformanceFaults.ClockBehind);
        await venue.StartUserStreamAsync();
        var (bid, _) = await venue.TouchAsync();

        var placed = await venue.Orders.PlaceOrderAsync(Order(venue, Side.Buy, bid - (10 * venue.Tick), "conf-clock", postOnly: true));
        Assert.That(placed.IsSuccess, Is.True, placed.Error?.ToString());
        await venue.Events.WaitForAsync(e => Updates(e, "conf-clock").Any(u => u.Status == OrderStatus.Accepted), "the order accepted on the user stream");
        var canceled = await venue.Orders.CancelOrderAsync(venue.Instrument, new OrderReference(placed.Value!.VenueOrderId, ClientOrderId.Create("conf-clock")));

        Assert.That(canceled.IsSuccess, Is.True, canceled.Error?.ToString());
        Assert.That(await venue.RestingAsync(), Is.Empty);
    }

    [Test]
    public async Task APostOnlyOrderThatWouldTake_IsRefused_AndNothingRests()
    {
        await using var venue = await StartAsync(ConformanceFaults.None);
        await venue.StartUserStreamAsync();
        var (_, ask) = await venue.TouchAsync();

        var placed = await venue.Orders.PlaceOrderAsync(Order(venue, Side.Buy, ask + (5 * venue.Tick), "conf-refused", postOnly: true));

        if (venue.RefusesCrossingPostOnly)
        {
            Assert.That((placed.IsSuccess, placed.IsOutcomeUnknown, placed.Error?.Kind), Is.EqualTo((false, false, (VenueErrorKind?)VenueErrorKind.PostOnlyWouldCross)));
        }
        else
        {
            Assert.That(placed.IsSuccess, Is.True, placed.Error?.ToString());
            await venue.Events.WaitForAsync(e => Updates(e, "conf-refused").Any(u => u.Status == OrderStatus.Canceled), "the order canceled at once on the user stream");
            Assert.That(venue.Events.Snapshot.OfType<FillEvent>().Where(f => f.ClientOrderId?.Value == "conf-refused"), Is.Empty, "it never took");
        }

        Assert.That(await venue.RestingAsync(), Is.Empty);
    }

    [Test]
    public async Task AmendAndBatch_WorkWhereTheCapabilitiesSaySo_AndAreRefusedUnsentElsewhere()
    {
        await using var venue = await StartAsync(ConformanceFaults.None);
        var (bid, _) = await venue.TouchAsync();
        var placed = await venue.Orders.PlaceOrderAsync(Order(venue, Side.Buy, bid - (10 * venue.Tick), "conf-amend", postOnly: true));
        Assert.That(placed.IsSuccess, Is.True, placed.Error?.ToString());

        var amend = await venue.Orders.AmendOrderAsync(new AmendRequest(venue.Instrument, new OrderReference(placed.Value!.VenueOrderId, ClientOrderId.Create("conf-amend"))) { NewLimitPrice = new Price(bid - (11 * venue.Tick)) });
        var batch = await venue.Orders.PlaceOrdersAsync([Order(venue, Side.Buy, bid - (12 * venue.Tick), "conf-batch-1", postOnly: true), Order(venue, Side.Buy, bid - (13 * venue.Tick), "conf-batch-2", postOnly: true)]);

        var features = venue.Orders.Capabilities.Features;
        AssertSupportedOrRefusedUnsent(amend.IsSuccess, amend.Error, features.HasFlag(VenueFeatures.Amend), "amend");
        AssertSupportedOrRefusedUnsent(batch.IsSuccess && batch.Value.All(r => r.IsSuccess), batch.Error, features.HasFlag(VenueFeatures.BatchPlace), "batch");
        var expected = features.HasFlag(VenueFeatures.BatchPlace) ? new[] { "conf-amend", "conf-batch-1", "conf-batch-2" } : ["conf-amend"];
        Assert.That((await venue.RestingAsync()).Order(), Is.EqualTo(expected));
        Assert.That(await venue.RestingPriceAsync("conf-amend"), Is.EqualTo(features.HasFlag(VenueFeatures.Amend) ? bid - (11 * venue.Tick) : bid - (10 * venue.Tick)), "the price the venue holds");
    }

    [Test]
    public async Task AnAnswerLaterThanTheTimeOut_IsAnUnknownOutcome_NotAFailure()
    {
        await using var venue = await StartAsync(ConformanceFaults.SlowAnswers);
        var (bid, _) = await venue.TouchAsync();

        var placed = await venue.Orders.PlaceOrderAsync(Order(venue, Side.Buy, bid - (10 * venue.Tick), "conf-slow", postOnly: true));

        Assert.That(placed.IsOutcomeUnknown, Is.True, $"outcome {placed.Outcome}: {placed.Error}");
        await Testing.Eventually.WaitForAsync(() => venue.RestingAsync().Result.Contains("conf-slow"), "the order the venue took after the time-out");
    }

    [Test]
    public async Task TheVenuesRateLimitAnswer_IsATransientRateLimitedFailure()
    {
        await using var venue = await StartAsync(ConformanceFaults.RateLimited);
        var (bid, _) = await venue.TouchAsync();

        VenueResult<OrderAck> placed;
        var attempt = 0;
        do
        {
            placed = await venue.Orders.PlaceOrderAsync(Order(venue, Side.Buy, bid - ((10 + attempt) * venue.Tick), $"conf-limit-{attempt}", postOnly: true));
        }
        while (placed.IsSuccess && ++attempt < 5);

        Assert.That((placed.IsSuccess, placed.Error?.Kind, placed.Error?.IsTransient), Is.EqualTo((false, (VenueErrorKind?)VenueErrorKind.RateLimited, (bool?)true)), placed.Error?.ToString());
    }

    [Test]
    public async Task AFill_ArrivesOnTheUserStream_Once()
    {
        await using var venue = await StartAsync(ConformanceFaults.None);
        await venue.StartUserStreamAsync();
        var (_, ask) = await venue.TouchAsync();

        var placed = await venue.Orders.PlaceOrderAsync(Order(venue, Side.Buy, ask + (5 * venue.Tick), "conf-take", postOnly: false));
        Assert.That(placed.IsSuccess, Is.True, placed.Error?.ToString());
        await venue.Events.WaitForAsync(e => Updates(e, "conf-take").Any(u => u.Status is OrderStatus.Filled or OrderStatus.Canceled or OrderStatus.Expired), "the order's end on the user stream");

        Assert.That(FillProblem(venue.Events.Snapshot, "conf-take"), Is.Null);
    }

    [Test]
    public async Task ADroppedConnection_IsReopened_AndTheUserStreamSubscribedAgain()
    {
        await using var venue = await StartAsync(ConformanceFaults.None);
        await venue.StartUserStreamAsync();

        venue.DropConnections();
        await Testing.Eventually.WaitForAsync(() => venue.UserStreamSubscriptions >= 2, "the user stream subscribed again");
        var (bid, _) = await venue.TouchAsync();
        var placed = await venue.Orders.PlaceOrderAsync(Order(venue, Side.Buy, bid - (10 * venue.Tick), "conf-after", postOnly: true));

        Assert.That(placed.IsSuccess, Is.True, placed.Error?.ToString());
        await venue.Events.WaitForAsync(e => Updates(e, "conf-after").Any(u => u.Status == OrderStatus.Accepted), "an order placed after the drop, on the new stream");
    }

    [Test]
    public async Task ABookGap_PutsTheBookOutOfSync_AndItIsRebuilt()
    {
        await using var venue = await StartAsync(ConformanceFaults.None);
        await venue.SubscribeBookAsync();
        await venue.Events.WaitForAsync(e => e.OfType<BookSyncChanged>().Any(c => c.State == BookSyncState.Synced), "the book in sync");

        await venue.InjectBookGapAsync();
        await venue.ReplayAsync(2_000);

        await venue.Events.WaitForAsync(
            e => e.OfType<BookSyncChanged>().Select(c => c.State).SkipWhile(s => s != BookSyncState.OutOfSync).Contains(BookSyncState.Synced),
            "the book out of sync, then in sync again");
    }

    [Test]
    public async Task NoLogLine_HoldsTheKeyOrTheSecret()
    {
        await using (var venue = await StartAsync(ConformanceFaults.None))
        {
            await venue.StartUserStreamAsync();
            await venue.SubscribeBookAsync();
            var (bid, _) = await venue.TouchAsync();
            await venue.Orders.PlaceOrderAsync(Order(venue, Side.Buy, bid - (10 * venue.Tick), "conf-logs", postOnly: true));
            await venue.Orders.CancelAllAsync();
            venue.DropConnections();
            await Testing.Eventually.WaitForAsync(() => venue.UserStreamSubscriptions >= 2, "a reconnection logged");

            Assert.That(venue.Logs.Lines, Is.Not.Empty, "the adapter logged");
            Assert.That(venue.Logs.Lines.Where(line => venue.Secrets.Any(secret => line.Contains(secret, StringComparison.Ordinal))), Is.Empty);
        }
    }

    /// <summary>What is wrong with an order's fills on the user stream: one applied twice, or fills that do not sum to what the order's last update says was filled.</summary>
    /// <param name="events">What the adapter posted.</param>
    /// <param name="clientOrderId">The order.</param>
    /// <returns>The problem, or <see langword="null"/>.</returns>
    internal static string? FillProblem(IReadOnlyList<VenueEvent> events, string clientOrderId)
    {
        var last = Updates(events, clientOrderId).LastOrDefault();
        var venueOrderId = last?.VenueOrderId;
        var fills = events.OfType<FillEvent>().Where(f => f.ClientOrderId?.Value == clientOrderId || (venueOrderId is { } id && f.VenueOrderId == id)).ToArray();
        if (fills.Select(f => f.TradeId).Distinct().Count() != fills.Length)
        {
            return $"a fill was posted twice: trades {string.Join(", ", fills.Select(f => f.TradeId.Value))}";
        }

        var filled = fills.Sum(f => f.Quantity.Value);
        var reported = last?.FilledQuantity?.Value ?? 0m;
        if (reported == 0m)
        {
            return "the order ended without a fill: nothing to check";
        }

        return filled == reported ? null : $"the fills sum to {filled}, the order's last update says {reported} was filled";
    }

    private static IEnumerable<OrderUpdate> Updates(IReadOnlyList<VenueEvent> events, string clientOrderId) =>
        events.OfType<OrderUpdate>().Where(u => u.ClientOrderId?.Value == clientOrderId);

    private static OrderRequest Order(ConformanceVenue venue, Side side, decimal price, string clientOrderId, bool postOnly) =>
        new(venue.Instrument, side, OrderType.Limit, venue.OrderQuantity, ClientOrderId.Create(clientOrderId))
        {
            LimitPrice = new Price(price),
            PostOnly = postOnly,
            TimeInForce = postOnly ? TimeInForce.GoodTillCanceled : TimeInForce.ImmediateOrCancel,
        };

    private static void AssertSupportedOrRefusedUnsent(bool succeeded, VenueError? error, bool supported, string what)
    {
        if (supported)
        {
            Assert.That(succeeded, Is.True, $"{what} is in the capabilities: {error}");
        }
        else
        {
            Assert.That((succeeded, error?.Kind, error?.NotSent), Is.EqualTo((false, (VenueErrorKind?)VenueErrorKind.NotSupported, (bool?)true)), $"{what} is not in the capabilities");
        }
    }
}
