using System.Collections.Immutable;
using MarketMaking.Adapters;
using MarketMaking.Models;
using static MarketMaking.Testing.Eventually;

namespace MarketMaking.Oms.Tests;

/// <summary>The order manager on a real engine loop with a scripted venue: answers, lost answers, fills before answers, duplicates, refusals.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class OrderManagerTests
{
    private static readonly VenueId s_venue = VenueId.Create("kraken");
    private static readonly InstrumentId s_btcUsd = InstrumentId.Create("BTC/USD");
    private readonly EngineLoop _loop = new();
    private readonly ScriptedVenue _venue = new();
    private readonly OrderManager _oms;

    public OrderManagerTests()
    {
        _oms = new OrderManager(_loop.Sink, TimeProvider.System, new ClientOrderIdGenerator(1_723_075_200));
        _oms.RegisterExchange(s_venue, _venue);
        _loop.AddHandler(_oms);
        _loop.Start();
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _loop.DisposeAsync();
        _oms.Dispose();
    }

    private static OrderIntent Bid(decimal quantity = 1m) => new(s_venue, s_btcUsd, Side.Buy, OrderType.Limit, new Quantity(quantity)) { LimitPrice = new Price(100m), PostOnly = true, Strategy = "mm" };

    private FillEvent Fill(OmsOrder order, string tradeId, decimal quantity) =>
        new(s_venue, s_btcUsd, VenueOrderId.Create("O-1"), TradeId.Create(tradeId), Side.Buy, new Price(100m), new Quantity(quantity), 1, 1) { ClientOrderId = order.ClientOrderId };

    [Test]
    public async Task WhileTheLoopRuns_AChangeMadeOffIt_IsRefusedAndChangesNothing_AndTheAsyncMethodsMakeItOnTheLoop()
    {
        var submit = Assert.Throws<InvalidOperationException>(() => _oms.Submit(Bid()));
        var cancelAll = Assert.Throws<InvalidOperationException>(() => _oms.CancelAll(s_venue));
        var recorded = _oms.Read(store => store.Count);
        var sent = _venue.Placed.Count;

        var order = await _oms.SubmitAsync(Bid());
        var canceled = await _oms.CancelAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(submit!.Message, Does.StartWith("A submit off the engine loop"));
            Assert.That(cancelAll!.Message, Does.StartWith("A cancel-all off the engine loop"));
            Assert.That((recorded, sent), Is.EqualTo((0, 0)), "the refused change recorded and sent nothing");
            Assert.That(order.Status, Is.EqualTo(OrderStatus.Canceled).Or.EqualTo(OrderStatus.PendingCancel), "SubmitAsync and CancelAsync ran on the loop");
            Assert.That(canceled!.Status, Is.EqualTo(OrderStatus.Canceled));
        });
    }

    [Test]
    public async Task AcknowledgedSubmit_IsAccepted_WithTheVenueOrderId_AndCountedInTheSummary()
    {
        var order = await _loop.InvokeAsync(() => _oms.Submit(Bid()));
        await WaitForAsync(() => order.Status == OrderStatus.Accepted, "the acknowledgement applied");

        Assert.Multiple(() =>
        {
            Assert.That(_venue.Placed.Single().ClientOrderId, Is.EqualTo(order.ClientOrderId), "the OMS chose the client order id");
            Assert.That(_oms.Read(store => store.Find(s_venue, VenueOrderId.Create("O-1"))), Is.SameAs(order));
            Assert.That(_oms.Read(store => store.Open(s_venue, s_btcUsd, Side.Buy).ToArray()), Is.EquivalentTo(new[] { order }));
            Assert.That(_oms.Summary(), Is.EqualTo("Orders: 1 total, 1 open, 0 filled, 0 rejected, 0 canceled, 0 denied"));
        });
    }

    [Test]
    public async Task RefusedSubmit_IsRejectedWithTheVenuesReason()
    {
        _venue.PlaceAnswer = _ => VenueResult<OrderAck>.Failure(new VenueError(VenueErrorKind.InsufficientFunds, false, "EOrder:Insufficient funds", "no money"));

        var order = await _loop.InvokeAsync(() => _oms.Submit(Bid()));
        await WaitForAsync(() => order.Status == OrderStatus.Rejected, "the refusal applied");

        Assert.Multiple(() =>
        {
            Assert.That(order.LastError, Does.Contain("EOrder:Insufficient funds"));
            Assert.That(_oms.Read(store => store.OpenCount), Is.Zero);
        });
    }

    [Test]
    public async Task LostAnswer_LeavesTheOrderUnknown_UntilAFillSettlesIt_CountedOnceEvenWhenRepeated()
    {
        _venue.PlaceAnswer = _ => VenueResult<OrderAck>.Unknown(VenueError.Timeout("no answer"));

        var order = await _loop.InvokeAsync(() => _oms.Submit(Bid()));
        await WaitForAsync(() => order.Status == OrderStatus.Unknown, "the unknown outcome applied");
        await _loop.Sink.PostAsync(Fill(order, "t-1", 1m));
        await _loop.Sink.PostAsync(Fill(order, "t-1", 1m));
        await WaitForAsync(() => _loop.Processed >= 3, "the answer and both fills processed");

        Assert.Multiple(() =>
        {
            Assert.That(order.Status, Is.EqualTo(OrderStatus.Filled));
            Assert.That(order.FilledQuantity, Is.EqualTo(new Quantity(1m)));
            Assert.That(order.FillCount, Is.EqualTo(1));
            Assert.That(_venue.Placed, Has.Count.EqualTo(1), "never resent");
            Assert.That(_oms.Summary(), Does.Contain("1 filled"));
        });
    }

    [Test]
    public async Task FillBeforeTheAnswer_IsApplied_AndTheAnswerAfterItChangesNothing()
    {
        var answer = new TaskCompletionSource<VenueResult<OrderAck>>();
        _venue.PlaceAnswerAsync = _ => answer.Task;

        var order = await _loop.InvokeAsync(() => _oms.Submit(Bid()));
        await _loop.Sink.PostAsync(Fill(order, "t-1", 0.4m));
        await WaitForAsync(() => order.Status == OrderStatus.PartiallyFilled, "the early fill applied");
        answer.SetResult(VenueResult<OrderAck>.Success(new OrderAck(VenueOrderId.Create("O-1"), order.ClientOrderId)));
        await WaitForAsync(() => _loop.Processed >= 2, "the answer processed");

        Assert.Multiple(() =>
        {
            Assert.That(order.Status, Is.EqualTo(OrderStatus.PartiallyFilled));
            Assert.That(order.FilledQuantity, Is.EqualTo(new Quantity(0.4m)));
        });
    }

    [Test]
    public async Task AnswersArrivingLaterOnOtherThreads_InAnyOrder_EachReachItsOwnOrder()
    {
        // Fifty requests in flight at once, answered last first from the thread pool: each answer is applied to the
        // order it answers, with its own venue order id (the requests in flight are pooled and taken again).
        var answers = new Dictionary<ClientOrderId, TaskCompletionSource<VenueResult<OrderAck>>>();
        _venue.PlaceAnswerAsync = request =>
        {
            var answer = new TaskCompletionSource<VenueResult<OrderAck>>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (answers)
            {
                answers[request.ClientOrderId] = answer;
            }

            return answer.Task;
        };

        var orders = await _loop.InvokeAsync(() => Enumerable.Range(0, 50).Select(_ => _oms.Submit(Bid())).ToArray());
        await Task.Run(() =>
        {
            foreach (var order in orders.Reverse())
            {
                answers[order.ClientOrderId].SetResult(VenueResult<OrderAck>.Success(new OrderAck(VenueOrderId.Create($"V-{order.ClientOrderId}"), order.ClientOrderId)));
            }
        });
        await WaitForAsync(() => orders.All(o => o.Status == OrderStatus.Accepted), "every answer applied");

        Assert.That(orders.Select(o => o.VenueOrderId?.Value), Is.EqualTo(orders.Select(o => $"V-{o.ClientOrderId}")));
    }

    [Test]
    public async Task AnAdapterWhoseCallFails_AtOnceOrLater_LeavesTheOrderUnknown_WithTheReason()
    {
        var later = new TaskCompletionSource<VenueResult<OrderAck>>();
        var calls = 0;
        _venue.PlaceAnswerAsync = _ => Interlocked.Increment(ref calls) == 1
            ? Task.FromException<VenueResult<OrderAck>>(new IOException("socket closed"))
            : later.Task;

        var atOnce = await _loop.InvokeAsync(() => _oms.Submit(Bid()));
        var afterwards = await _loop.InvokeAsync(() => _oms.Submit(Bid()));
        await Task.Run(() => later.SetException(new IOException("connection reset")));
        await WaitForAsync(() => atOnce.Status == OrderStatus.Unknown && afterwards.Status == OrderStatus.Unknown, "both outcomes applied");

        Assert.Multiple(() =>
        {
            Assert.That(atOnce.LastError, Does.Contain("The adapter threw: socket closed"));
            Assert.That(afterwards.LastError, Does.Contain("The adapter threw: connection reset"));
            Assert.That(_oms.Read(store => store.OpenCount), Is.EqualTo(2), "unknown orders stay open until the venue's reports or reconciliation settle them");
        });
    }

    [Test]
    public async Task RefusedCancel_RollsBack_AndAcceptedCancel_EndsTheOrder()
    {
        var order = await _loop.InvokeAsync(() => _oms.Submit(Bid()));
        await WaitForAsync(() => order.Status == OrderStatus.Accepted, "accepted");
        _venue.CancelAnswer = VenueResult<CancelAck>.Failure(new VenueError(VenueErrorKind.RateLimited, true, "EOrder:Rate limit exceeded", "later"));

        Assert.That(await _loop.InvokeAsync(() => _oms.Cancel(order)), Is.True);

        // The refusal reaches the loop after the cancel (in the same burst or a later one): settled once the order has
        // left PendingCancel.
        await WaitForAsync(() => order.Status != OrderStatus.PendingCancel, "the refusal processed");
        var afterRefusal = order.Status;
        _venue.CancelAnswer = VenueResult<CancelAck>.Success(new CancelAck(1));
        await _loop.InvokeAsync(() => _oms.Cancel(order));
        await WaitForAsync(() => order.Status == OrderStatus.Canceled, "canceled");

        var canceledAgain = await _loop.InvokeAsync(() => _oms.Cancel(order));
        Assert.Multiple(() =>
        {
            Assert.That(afterRefusal, Is.EqualTo(OrderStatus.Accepted));
            Assert.That(canceledAgain, Is.False, "a finished order is not canceled again");
            Assert.That(_oms.Summary(), Does.Contain("0 open").And.Contain("1 canceled"));
        });
    }

    [Test]
    public async Task Amend_AcknowledgedChangesThePrice_RefusedKeepsIt()
    {
        var order = await _loop.InvokeAsync(() => _oms.Submit(Bid()));
        await WaitForAsync(() => order.Status == OrderStatus.Accepted, "accepted");

        await _loop.InvokeAsync(() => _oms.Amend(order, null, new Price(99.5m)));
        await WaitForAsync(() => order.Status == OrderStatus.Accepted && order.LimitPrice == new Price(99.5m), "amended");
        _venue.AmendAnswer = VenueResult<AmendAck>.Failure(new VenueError(VenueErrorKind.PostOnlyWouldCross, false, "EOrder:Post only order", "cross"));
        await _loop.InvokeAsync(() => _oms.Amend(order, null, new Price(101m)));
        await WaitForAsync(() => order.Status == OrderStatus.Accepted && _loop.Processed >= 3, "refusal applied");

        Assert.That(order.LimitPrice, Is.EqualTo(new Price(99.5m)));
    }

    [Test]
    public async Task Submit_ToAVenueNotRegistered_IsRejectedAtOnce()
    {
        var order = await _loop.InvokeAsync(() => _oms.Submit(Bid() with { Venue = VenueId.Create("mexc") }));

        Assert.Multiple(() =>
        {
            Assert.That(order.Status, Is.EqualTo(OrderStatus.Rejected));
            Assert.That(order.LastError, Does.Contain("mexc"));
        });
    }

    [Test]
    public async Task AsyncMethods_CompleteWhenTheAnswerHasBeenApplied()
    {
        var order = await _oms.SubmitAsync(Bid()).WaitAsync(TimeSpan.FromSeconds(10));
        var statusAfterSubmit = order.Status;
        var amended = await _oms.AmendAsync(order, null, new Price(99m)).WaitAsync(TimeSpan.FromSeconds(10));
        var priceAfterAmend = amended!.LimitPrice;
        var second = await _oms.SubmitAsync(Bid()).WaitAsync(TimeSpan.FromSeconds(10));
        var canceled = await _oms.CancelAllAsync(s_venue).WaitAsync(TimeSpan.FromSeconds(10));
        var nowhere = await _oms.SubmitAsync(Bid() with { Venue = VenueId.Create("nowhere") }).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(statusAfterSubmit, Is.EqualTo(OrderStatus.Accepted));
            Assert.That(priceAfterAmend, Is.EqualTo(new Price(99m)));
            Assert.That(canceled, Is.EqualTo(2));
            Assert.That(order.Status, Is.EqualTo(OrderStatus.Canceled));
            Assert.That(second.Status, Is.EqualTo(OrderStatus.Canceled));
            Assert.That(nowhere.Status, Is.EqualTo(OrderStatus.Rejected));
        });
    }

    private sealed class ScriptedVenue : ISpotOrderEntry
    {
        public List<OrderRequest> Placed { get; } = [];

        public Func<OrderRequest, VenueResult<OrderAck>> PlaceAnswer { get; set; } =
            r => VenueResult<OrderAck>.Success(new OrderAck(VenueOrderId.Create("O-1"), r.ClientOrderId));

        public Func<OrderRequest, Task<VenueResult<OrderAck>>>? PlaceAnswerAsync { get; set; }

        public VenueResult<AmendAck> AmendAnswer { get; set; } = VenueResult<AmendAck>.Success(new AmendAck("A-1"));

        public VenueResult<CancelAck> CancelAnswer { get; set; } = VenueResult<CancelAck>.Success(new CancelAck(1));

        public VenueId Venue => s_venue;

        public VenueCapabilities Capabilities => new([OrderType.Limit], [TimeInForce.GoodTillCanceled], VenueFeatures.Amend);

        public ValueTask<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
        {
            lock (Placed)
            {
                Placed.Add(request);
            }

            return PlaceAnswerAsync?.Invoke(request) is { } answer ? new(answer) : ValueTask.FromResult(PlaceAnswer(request));
        }

        public ValueTask<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public ValueTask<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default) => ValueTask.FromResult(AmendAnswer);

        public ValueTask<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default) => ValueTask.FromResult(CancelAnswer);

        public ValueTask<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
