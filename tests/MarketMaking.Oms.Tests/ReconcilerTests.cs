using System.Collections.Immutable;
using MarketMaking.Adapters;
using MarketMaking.Models;
using Microsoft.Extensions.Time.Testing;
using static MarketMaking.Testing.Eventually;

namespace MarketMaking.Oms.Tests;

/// <summary>Reconciliation against a scripted venue: unknown outcomes settled, missing orders queried, foreign orders adopted or canceled, new orders held.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ReconcilerTests
{
    private static readonly VenueId s_venue = VenueId.Create("kraken");
    private static readonly InstrumentId s_btcUsd = InstrumentId.Create("BTC/USD");
    private readonly EngineLoop _loop = new();
    private readonly ScriptedRest _rest = new();
    private readonly OrderManager _oms;

    public ReconcilerTests()
    {
        _oms = new OrderManager(_loop.Sink, TimeProvider.System, new ClientOrderIdGenerator(1_723_075_200));
        _oms.RegisterExchange(s_venue, _rest);
        _loop.AddHandler(_oms);
        _loop.Start();
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _loop.DisposeAsync();
        _oms.Dispose();
    }

    private static OrderIntent Bid(decimal price) => new(s_venue, s_btcUsd, Side.Buy, OrderType.Limit, new Quantity(1m)) { LimitPrice = new Price(price), PostOnly = true };

    private static VenueOrder Open(string venueId, ClientOrderId? clientId, decimal filled = 0m, OrderStatus status = OrderStatus.Accepted) =>
        new(VenueOrderId.Create(venueId), s_btcUsd, Side.Buy, OrderType.Limit, status, new Quantity(1m), new Quantity(filled)) { ClientOrderId = clientId, LimitPrice = new Price(100m) };

    [Test]
    public async Task UnknownOutcomes_AreSettled_ByWhetherTheVenueListsTheOrder()
    {
        _rest.PlaceAnswer = _ => VenueResult<OrderAck>.Unknown(VenueError.Timeout("lost"));
        var placed = await _loop.InvokeAsync(() => _oms.Submit(Bid(100m)));
        var neverPlaced = await _loop.InvokeAsync(() => _oms.Submit(Bid(99m)));
        await WaitForAsync(() => placed.Status == OrderStatus.Unknown && neverPlaced.Status == OrderStatus.Unknown);
        _rest.OpenOrders = [Open("O-7", placed.ClientOrderId)];

        var report = await new Reconciler(_oms).ReconcileAsync(s_venue, _rest);

        Assert.Multiple(() =>
        {
            Assert.That(report.Succeeded, Is.True, report.ToString());
            Assert.That(placed.Status, Is.EqualTo(OrderStatus.Accepted));
            Assert.That(placed.VenueOrderId, Is.EqualTo(VenueOrderId.Create("O-7")));
            Assert.That(neverPlaced.Status, Is.EqualTo(OrderStatus.Rejected), "no trace at the venue: never placed");
            Assert.That(report.Settled, Is.EqualTo(new[] { placed.ClientOrderId }));
            Assert.That(report.NotFound, Is.EqualTo(new[] { neverPlaced.ClientOrderId }));
        });
    }

    [Test]
    public async Task AnOrderCanceledBeforeItsSubmitIsAnswered_IsNotCalledGone_WhileTheVenueHasNotListedItYet()
    {
        // Under load a cancel can overtake its order's submit: the venue does not list the order yet, nor know it.
        var submitted = new TaskCompletionSource<VenueResult<OrderAck>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var canceled = new TaskCompletionSource<VenueResult<CancelAck>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _rest.PlaceAnswerAsync = _ => submitted.Task;
        _rest.CancelAnswerAsync = _ => canceled.Task;
        var order = await _loop.InvokeAsync(() => _oms.Submit(Bid(100m)));
        await _loop.InvokeAsync(() => _oms.Cancel(order));
        await WaitForAsync(() => order.Status == OrderStatus.PendingCancel, "the cancel sent before the submit's answer");

        var report = await new Reconciler(_oms).ReconcileAsync(s_venue, _rest);
        var statusAfterReconciliation = order.Status;
        submitted.SetResult(VenueResult<OrderAck>.Success(new OrderAck(VenueOrderId.Create("O-late"), order.ClientOrderId)));
        await WaitForAsync(() => order.VenueOrderId is not null, "the submit answered");
        canceled.SetResult(VenueResult<CancelAck>.Failure(new VenueError(VenueErrorKind.RateLimited, true, null, "later")));
        await WaitForAsync(() => order.Status != OrderStatus.PendingCancel, "the cancel answered");

        Assert.Multiple(() =>
        {
            Assert.That(report.NotFound, Is.Empty, report.ToString());
            Assert.That(statusAfterReconciliation, Is.EqualTo(OrderStatus.PendingCancel), "still ours to settle: its submit is under way");
            Assert.That(order.Status, Is.EqualTo(OrderStatus.Accepted), "the refused cancel returns it to what the submit's answer said, open at the venue");
        });
    }

    [Test]
    public async Task AnOrderAcceptedAfterTheOpenListWasRead_IsNotCalledGone_ForWantOfAPlaceInThatList()
    {
        // The venue's open list is read while a submit is under way; its acceptance arrives while another order is
        // queried. The list could not hold it: the order stays open, as the venue has it (it was canceled as "not found").
        var gone = await _loop.InvokeAsync(() => _oms.Submit(Bid(100m)));
        await WaitForAsync(() => gone.Status == OrderStatus.Accepted);
        var answer = new TaskCompletionSource<VenueResult<OrderAck>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _rest.PlaceAnswerAsync = _ => answer.Task;
        var late = await _loop.InvokeAsync(() => _oms.Submit(Bid(99m)));
        _rest.Queried = [Open(gone.VenueOrderId!.Value.Value, gone.ClientOrderId, status: OrderStatus.Canceled)];
        _rest.BeforeQueryAnswer = async () =>
        {
            answer.SetResult(VenueResult<OrderAck>.Success(new OrderAck(VenueOrderId.Create("O-late"), late.ClientOrderId)));
            await WaitForAsync(() => late.Status == OrderStatus.Accepted, "the late submit's answer applied");
        };

        var report = await new Reconciler(_oms).ReconcileAsync(s_venue, _rest);

        Assert.Multiple(() =>
        {
            Assert.That(report.Succeeded, Is.True, report.ToString());
            Assert.That(gone.Status, Is.EqualTo(OrderStatus.Canceled), "the order the list lacked takes its queried status");
            Assert.That(late.Status, Is.EqualTo(OrderStatus.Accepted), "open, as the venue has it");
            Assert.That(report.NotFound, Is.Empty);
            Assert.That(_rest.QueriedIds, Is.EqualTo(new[] { gone.VenueOrderId }));
        });
    }

    [Test]
    public async Task OrdersMissingFromTheOpenList_TakeTheQueriedStatus_AndMissingFillsAreReported()
    {
        var canceled = await _loop.InvokeAsync(() => _oms.Submit(Bid(100m)));
        var filled = await _loop.InvokeAsync(() => _oms.Submit(Bid(99m)));
        await WaitForAsync(() => canceled.Status == OrderStatus.Accepted && filled.Status == OrderStatus.Accepted);
        _rest.Queried = [Open(canceled.VenueOrderId!.Value.Value, canceled.ClientOrderId, status: OrderStatus.Canceled), Open(filled.VenueOrderId!.Value.Value, filled.ClientOrderId, 1m, OrderStatus.Filled)];

        var report = await new Reconciler(_oms).ReconcileAsync(s_venue, _rest);

        Assert.Multiple(() =>
        {
            Assert.That(canceled.Status, Is.EqualTo(OrderStatus.Canceled));
            Assert.That(filled.Status, Is.EqualTo(OrderStatus.Accepted), "its fills, with their trade ids, settle it");
            Assert.That(report.MissingFills, Is.EqualTo(new[] { filled.ClientOrderId }));
            Assert.That(_rest.QueriedIds, Is.EquivalentTo(new[] { canceled.VenueOrderId, filled.VenueOrderId }));
        });
    }

    [Test]
    public async Task MissingFills_AreFetchedFromTheVenuesFillHistory_AndAppliedOnce()
    {
        var filled = await _loop.InvokeAsync(() => _oms.Submit(Bid(99m)));
        var other = await _loop.InvokeAsync(() => _oms.Submit(Bid(98m)));
        await WaitForAsync(() => filled.Status == OrderStatus.Accepted && other.Status == OrderStatus.Accepted);
        var venueId = filled.VenueOrderId!.Value;
        var history = new ScriptedFillHistory(_rest)
        {
            // Two partial fills of the order missed while the stream was down, and one of an order we do not track.
            Fills =
            [
                new FillEvent(s_venue, s_btcUsd, venueId, TradeId.Create("T-1"), Side.Buy, new Price(99m), new Quantity(0.4m), 1, 1),
                new FillEvent(s_venue, s_btcUsd, venueId, TradeId.Create("T-2"), Side.Buy, new Price(99m), new Quantity(0.6m), 2, 2),
                new FillEvent(s_venue, s_btcUsd, VenueOrderId.Create("someone-else"), TradeId.Create("T-3"), Side.Buy, new Price(99m), new Quantity(5m), 3, 3),
            ],
        };
        _rest.OpenOrders = [Open(other.VenueOrderId!.Value.Value, other.ClientOrderId)];
        _rest.Queried = [Open(venueId.Value, filled.ClientOrderId, 1m, OrderStatus.Filled)];

        var report = await new Reconciler(_oms).ReconcileAsync(s_venue, history);
        await WaitForAsync(() => filled.Status == OrderStatus.Filled, "the recovered fills applied");
        var processed = _loop.Processed;
        await _oms.ApplyRecoveredFillsAsync(history.Fills.Take(1));
        await WaitForAsync(() => _loop.Processed > processed, "the repeated fill processed");

        Assert.Multiple(() =>
        {
            Assert.That(report.MissingFills, Is.EqualTo(new[] { filled.ClientOrderId }));
            Assert.That(report.RecoveredFills, Is.EqualTo(2), "the fills of that order only");
            Assert.That(filled.FilledQuantity, Is.EqualTo(new Quantity(1m)), "applied once, even when handed over twice");
            Assert.That(other.FilledQuantity, Is.EqualTo(Quantity.Zero));
            Assert.That(history.Asked.Single().Instrument, Is.EqualTo(s_btcUsd));
            Assert.That(history.Asked.Single().Since, Is.LessThan(filled.CreatedNanoseconds), "from before the order was created");
        });
    }

    [TestCase(ForeignOrderPolicy.Cancel)]
    [TestCase(ForeignOrderPolicy.Adopt)]
    public async Task ForeignOpenOrders_AreCanceledOrAdopted_ByPolicy(ForeignOrderPolicy policy)
    {
        _rest.OpenOrders = [Open("X-1", ClientOrderId.Create("someone-else"))];

        var report = await new Reconciler(_oms, policy).ReconcileAsync(s_venue, _rest);

        Assert.Multiple(() =>
        {
            if (policy == ForeignOrderPolicy.Cancel)
            {
                Assert.That(report.Canceled, Is.EqualTo(new[] { VenueOrderId.Create("X-1") }));
                Assert.That(_rest.Canceled, Is.EqualTo(new[] { VenueOrderId.Create("X-1") }));
                Assert.That(_oms.Read(store => store.Count), Is.Zero);
            }
            else
            {
                Assert.That(report.Adopted, Is.EqualTo(new[] { VenueOrderId.Create("X-1") }));
                Assert.That(_oms.Read(store => store.Find(s_venue, VenueOrderId.Create("X-1")))!.Status, Is.EqualTo(OrderStatus.Accepted));
                Assert.That(_rest.Canceled, Is.Empty);
            }
        });
    }

    [Test]
    public async Task AnOrderOfAnEarlierSession_ThatTheJournalLost_IsTrackedAgainSoThatItsFillsCount_AndCanceled()
    {
        // What a crash within the journal's last group commit leaves: our id at the venue, no intent in the journal.
        var lost = new ClientOrderIdGenerator(1_723_000_000).Next();
        _rest.OpenOrders = [Open("L-1", lost)];

        var report = await new Reconciler(_oms, ForeignOrderPolicy.Cancel).ReconcileAsync(s_venue, _rest);
        var tracked = _oms.Read(store => store.Find(s_venue, lost));
        await _oms.ApplyRecoveredFillsAsync([new FillEvent(s_venue, s_btcUsd, VenueOrderId.Create("L-1"), TradeId.Create("T-1"), Side.Buy, new Price(100m), new Quantity(0.4m), 1, 1)]);
        await WaitForAsync(() => _oms.Read(store => store.Find(s_venue, lost)!.FilledQuantity) == new Quantity(0.4m));

        Assert.Multiple(() =>
        {
            Assert.That(ClientOrderIdGenerator.SessionOf(lost), Is.EqualTo(1_723_000_000));
            Assert.That(ClientOrderIdGenerator.SessionOf(ClientOrderId.Create("someone-else")), Is.Null);
            Assert.That(tracked, Is.Not.Null);
            Assert.That(tracked!.Strategy, Is.EqualTo("recovered"));
            Assert.That(report.Adopted, Is.EqualTo(new[] { VenueOrderId.Create("L-1") }));
            Assert.That(_rest.Canceled, Is.EqualTo(new[] { VenueOrderId.Create("L-1") }), "its session is over: not left resting");
            Assert.That(_oms.UnmatchedFills, Is.Empty, "its fill found its order");
        });
    }

    [Test]
    public async Task AFillOfAnOrderTheJournalLost_ThatIsNoLongerOpen_IsHeldUntilTheOrderIsQueriedAndAdopted_ThenCountedOnce()
    {
        // A crash took the intent from the journal; the order filled while the process was down; the user stream's
        // snapshot of recent fills brings its fill (twice: a second reconnection repeats the snapshot).
        var lost = new ClientOrderIdGenerator(1_723_000_000).Next();
        _rest.Queried = [Open("L-2", lost, 1m, OrderStatus.Filled)];
        await using var loop = new EngineLoop();
        using var oms = new OrderManager(loop.Sink, TimeProvider.System, new ClientOrderIdGenerator(1_723_075_200));
        oms.RegisterExchange(s_venue, _rest);
        var handler = new ReconcileOnReconnect(s_venue, _rest, new Reconciler(oms), oms);
        var counted = new AppliedFills(oms);
        loop.AddHandler(oms);
        loop.AddHandler(handler);
        loop.AddHandler(counted);
        loop.Start();
        var fill = new FillEvent(s_venue, s_btcUsd, VenueOrderId.Create("L-2"), TradeId.Create("T-9"), Side.Buy, new Price(100m), new Quantity(1m), 1, 1)
        {
            ClientOrderId = lost,
            OrderStatus = OrderStatus.Filled,
            IsSnapshot = true,
        };

        await loop.Sink.PostAsync(fill);
        await loop.Sink.PostAsync(fill);
        await WaitForAsync(() => handler.Count >= 1 && handler.Running.IsCompleted);
        await WaitForAsync(() => loop.Query(() => counted.Count) == 1);
        var order = oms.Read(store => store.Find(s_venue, lost));

        Assert.Multiple(() =>
        {
            Assert.That(_rest.QueriedIds, Is.EqualTo(new[] { VenueOrderId.Create("L-2") }), "the order was asked for by its venue id");
            Assert.That(order, Is.Not.Null);
            Assert.That(order!.Strategy, Is.EqualTo("recovered"));
            Assert.That(order.Quantity, Is.EqualTo(new Quantity(1m)), "the venue's quantity");
            Assert.That(order.FilledQuantity, Is.EqualTo(new Quantity(1m)), "its fill counted once");
            Assert.That(order.Status, Is.EqualTo(OrderStatus.Filled));
            Assert.That(_rest.Canceled, Is.Empty, "nothing left to cancel");
            Assert.That(oms.UnmatchedFills, Is.Empty);
            Assert.That(handler.LastReport!.Adopted, Is.EqualTo(new[] { VenueOrderId.Create("L-2") }));
            Assert.That(handler.LastReport.RecoveredFills, Is.Positive, "the held fill went round the loop again");
        });
    }

    [Test]
    public async Task Suspended_AsAShutdownsLastCheckBegins_AFillOfALostOrderStartsNoReconciliation()
    {
        // At shutdown the venue sweep needs the REST budget: the cancels its cancel-all answers with "unknown order"
        // (and any such fill) must not start reconciliations that spend it.
        var lost = new ClientOrderIdGenerator(1_723_000_000).Next();
        _rest.Queried = [Open("L-4", lost, 1m, OrderStatus.Filled)];
        await using var kernel = new Reconciling(_rest);
        var (loop, oms, handler) = (kernel.Loop, kernel.Oms, kernel.Handler);
        loop.Query(() =>
        {
            handler.Suspend();
            return true;
        });

        await loop.Sink.PostAsync(new FillEvent(s_venue, s_btcUsd, VenueOrderId.Create("L-4"), TradeId.Create("T-10"), Side.Buy, new Price(100m), new Quantity(1m), 1, 1) { ClientOrderId = lost, OrderStatus = OrderStatus.Filled });

        // The loop has taken the fill once this query answers, behind it: a reconciliation would have started by then.
        var settled = loop.Query(() => handler.Running.IsCompleted);
        Assert.Multiple(() =>
        {
            Assert.That(settled, Is.True, "no reconciliation under way");
            Assert.That(handler.Count, Is.Zero);
            Assert.That(_rest.QueriedIds, Is.Empty, "nothing asked of the venue");
        });
    }

    [Test]
    public async Task AnOrderAdoptedFromItsFill_IsRestoredFromTheJournal_WithItsFillOnce()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mm-lost-{Guid.NewGuid():N}.db");
        var lost = new ClientOrderIdGenerator(1_723_000_000).Next();
        _rest.Queried = [Open("L-3", lost, 1m, OrderStatus.Filled)];
        try
        {
            using (var journal = OrderJournal.Open(path, ownThread: true))
            {
                await using var kernel = new Reconciling(_rest, journal);
                var (loop, oms, handler) = (kernel.Loop, kernel.Oms, kernel.Handler);
                await loop.Sink.PostAsync(new FillEvent(s_venue, s_btcUsd, VenueOrderId.Create("L-3"), TradeId.Create("T-3"), Side.Buy, new Price(100m), new Quantity(1m), 1, 1) { ClientOrderId = lost });
                await WaitForAsync(() => oms.Read(store => store.Find(s_venue, lost)?.Status) == OrderStatus.Filled);
            }

            // The journal holds the fill twice: once before the order was known, once after it was adopted.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            using var reopened = OrderJournal.Open(path);
            await using var newLoop = new EngineLoop();
            using var restored = new OrderManager(newLoop.Sink, TimeProvider.System, new ClientOrderIdGenerator(1_723_075_300));
            restored.Restore(reopened.Read());
            var order = restored.Read(store => store.Find(s_venue, lost));

            Assert.Multiple(() =>
            {
                Assert.That(order?.Strategy, Is.EqualTo("recovered"));
                Assert.That(order?.FilledQuantity, Is.EqualTo(new Quantity(1m)));
                Assert.That(order?.Status, Is.EqualTo(OrderStatus.Filled));
                Assert.That(restored.RestoredFills, Has.Count.EqualTo(1), "what inventory is rebuilt from: the fill once");
                Assert.That(restored.UnmatchedFills, Is.Empty);
            });
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    [Test]
    public async Task NewOrders_WaitWhileTheVenueIsReconciled_AndGoOutAfter()
    {
        var listing = new TaskCompletionSource<VenueResult<ImmutableArray<VenueOrder>>>();
        _rest.OpenOrdersAsync = () => listing.Task;
        var reconciling = new Reconciler(_oms).ReconcileAsync(s_venue, _rest);

        // The reconciliation's start reached the loop before the submit did. An order that is not held is handed to the
        // venue inside Submit, on the loop (its intent need not be durable first): counted now, none went out.
        var order = await _loop.InvokeAsync(() => _oms.Submit(Bid(100m)));
        var sentDuring = _rest.PlacedCount;
        listing.SetResult(VenueResult<ImmutableArray<VenueOrder>>.Success([]));
        var report = await reconciling;
        await WaitForAsync(() => order.Status == OrderStatus.Accepted);

        Assert.Multiple(() =>
        {
            Assert.That(sentDuring, Is.Zero, "held while reconciling");
            Assert.That(_rest.PlacedCount, Is.EqualTo(1));
            Assert.That(report.NotFound, Is.Empty, "a held order is not missing");
        });
    }

    [Test]
    public async Task VenueThatCannotBeListed_ChangesNothing_AndReleasesHeldOrders()
    {
        _rest.PlaceAnswer = _ => VenueResult<OrderAck>.Unknown(VenueError.Timeout("lost"));
        var order = await _loop.InvokeAsync(() => _oms.Submit(Bid(100m)));
        await WaitForAsync(() => order.Status == OrderStatus.Unknown);
        _rest.OpenOrdersAsync = () => Task.FromResult(VenueResult<ImmutableArray<VenueOrder>>.Failure(VenueError.Transport("down")));

        var report = await new Reconciler(_oms).ReconcileAsync(s_venue, _rest);

        Assert.Multiple(() =>
        {
            Assert.That(report.Succeeded, Is.False);
            Assert.That(report.Error!.Kind, Is.EqualTo(VenueErrorKind.Transport));
            Assert.That(order.Status, Is.EqualTo(OrderStatus.Unknown), "still unknown: nothing was learned");
        });
    }

    [Test]
    public async Task RateLimitedReconciliation_IsTriedAgainAfterTheVenuesRetryAfter_OnTheGivenClock()
    {
        var clock = new FakeTimeProvider();
        var listings = 0;
        _rest.OpenOrdersAsync = () => Task.FromResult(Interlocked.Increment(ref listings) <= 2
            ? VenueResult<ImmutableArray<VenueOrder>>.Failure(new VenueError(VenueErrorKind.RateLimited, IsTransient: true, null, "budget spent") { RetryAfter = TimeSpan.FromSeconds(3) })
            : VenueResult<ImmutableArray<VenueOrder>>.Success([]));
        var handler = new ReconcileOnReconnect(s_venue, _rest, new Reconciler(_oms), _oms, timeProvider: clock);

        var reconciling = handler.ReconcileAsync();
        await WaitForAsync(() => handler.Count == 1);
        clock.Advance(TimeSpan.FromSeconds(2.9));
        var beforeRetryAfter = handler.Count;
        clock.Advance(TimeSpan.FromSeconds(0.1));
        await WaitForAsync(() => handler.Count == 2);
        clock.Advance(TimeSpan.FromSeconds(3));
        var report = await reconciling.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(beforeRetryAfter, Is.EqualTo(1), "not tried again before the venue's retry-after");
            Assert.That(report.Succeeded, Is.True, report.ToString());
            Assert.That(handler.Count, Is.EqualTo(3));
            Assert.That(handler.LastReport, Is.SameAs(report));
        });
    }

    [Test]
    public async Task PermanentlyFailedReconciliation_IsNotRetried_AndIsReported()
    {
        _rest.OpenOrdersAsync = () => Task.FromResult(VenueResult<ImmutableArray<VenueOrder>>.Failure(new VenueError(VenueErrorKind.AuthenticationFailed, IsTransient: false, "EAPI:Invalid key", "Invalid key")));
        var handler = new ReconcileOnReconnect(s_venue, _rest, new Reconciler(_oms), _oms, timeProvider: new FakeTimeProvider());

        var report = await handler.ReconcileAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(report.Succeeded, Is.False);
            Assert.That(report.ToString(), Does.Contain("Invalid key"));
            Assert.That(handler.Count, Is.EqualTo(1));
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task LostUserStream_IsReconciledWhenItReturns_AndCancelOnDisconnectCancelsWhatRests(bool cancelOnDisconnect)
    {
        var handler = new ReconcileOnReconnect(s_venue, _rest, new Reconciler(_oms), _oms, cancelOnDisconnect: cancelOnDisconnect);
        await using var loop = new EngineLoop();
        loop.AddHandler(handler);
        loop.Start();
        var order = await _loop.InvokeAsync(() => _oms.Submit(Bid(100m)));
        await WaitForAsync(() => order.Status == OrderStatus.Accepted);
        _rest.OpenOrders = [Open(order.VenueOrderId!.Value.Value, order.ClientOrderId)];

        await loop.Sink.PostAsync(new ConnectionStateChanged(s_venue, "private", ConnectionState.Connected, ConnectionState.Reconnecting, "lost", 1));
        await loop.Sink.PostAsync(new ConnectionStateChanged(s_venue, "private", ConnectionState.Reconnecting, ConnectionState.Connected, null, 2));
        await WaitForAsync(() => handler.Count == 1);
        await handler.Running;
        if (cancelOnDisconnect)
        {
            await WaitForAsync(() => order.Status == OrderStatus.Canceled);
        }

        Assert.Multiple(() =>
        {
            Assert.That(handler.LastReport!.Succeeded, Is.True);
            Assert.That(_rest.Canceled.Count, Is.EqualTo(cancelOnDisconnect ? 1 : 0));
            Assert.That(order.Status, Is.EqualTo(cancelOnDisconnect ? OrderStatus.Canceled : OrderStatus.Accepted));
        });
    }

    [Test]
    public async Task CancelsTheVenueRefusesForAnUnknownOrder_StartOneReconciliation_WhichSettlesTheOrders_AndOtherRefusalsNone()
    {
        await using var kernel = new Reconciling(_rest);
        var (loop, oms, handler) = (kernel.Loop, kernel.Oms, kernel.Handler);
        var first = await loop.InvokeAsync(() => oms.Submit(Bid(100m)));
        var second = await loop.InvokeAsync(() => oms.Submit(Bid(99m)));
        await WaitForAsync(() => first.Status == OrderStatus.Accepted && second.Status == OrderStatus.Accepted);

        // Refused for the venue's rate limit: the order is still open there, nothing to reconcile.
        _rest.CancelAnswer = _ => VenueResult<CancelAck>.Failure(new VenueError(VenueErrorKind.RateLimited, IsTransient: true, "EOrder:Rate limit exceeded", "Rate limit exceeded"));
        await oms.CancelAsync(first);
        var afterRateLimited = await loop.InvokeAsync(() => (handler.Running.IsCompleted, handler.Count, first.Status));

        // The venue restarted empty, or the orders ended there unseen: it has neither open.
        _rest.Queried = [Open(first.VenueOrderId!.Value.Value, first.ClientOrderId, status: OrderStatus.Canceled), Open(second.VenueOrderId!.Value.Value, second.ClientOrderId, status: OrderStatus.Canceled)];
        _rest.CancelAnswer = _ => VenueResult<CancelAck>.Failure(new VenueError(VenueErrorKind.UnknownOrder, IsTransient: false, "EOrder:Unknown order", "Unknown order"));
        await Task.WhenAll(oms.CancelAsync(first), oms.CancelAsync(second));
        await WaitForAsync(() => first.Status == OrderStatus.Canceled && second.Status == OrderStatus.Canceled);
        await handler.Running;

        Assert.Multiple(() =>
        {
            Assert.That(afterRateLimited, Is.EqualTo((true, 0, OrderStatus.Accepted)), "a rate-limited cancel starts no reconciliation; the order stays open");
            Assert.That(handler.Count, Is.EqualTo(1), "the two refusals, one reconciliation");
            Assert.That(handler.LastReport!.Succeeded, Is.True);
            Assert.That(_rest.QueriedIds, Is.EquivalentTo(new[] { first.VenueOrderId, second.VenueOrderId }), "each order asked for");
        });
    }

    [Test]
    public async Task RequestsWhoseAnswersWereLost_StartAReconciliation_WhichSettlesTheirOrders_WithoutWaitingForAReconnect()
    {
        await using var kernel = new Reconciling(_rest);
        var (loop, oms, handler) = (kernel.Loop, kernel.Oms, kernel.Handler);
        var resting = await loop.InvokeAsync(() => oms.Submit(Bid(100m)));
        await WaitForAsync(() => resting.Status == OrderStatus.Accepted);

        // Both requests reached the venue and their answers were lost: the new order rests there, the old one is canceled.
        OmsOrder? placed = null;
        _rest.PlaceAnswer = _ => VenueResult<OrderAck>.Unknown(VenueError.Timeout("No answer within 5 s"));
        _rest.CancelAnswer = _ => VenueResult<CancelAck>.Unknown(VenueError.Timeout("No answer within 5 s"));
        _rest.OpenOrdersAsync = () => Task.FromResult(VenueResult<ImmutableArray<VenueOrder>>.Success([Open("O-9", placed!.ClientOrderId)]));
        _rest.Queried = [Open(resting.VenueOrderId!.Value.Value, resting.ClientOrderId, status: OrderStatus.Canceled)];
        await loop.InvokeAsync(() =>
        {
            oms.Cancel(resting);
            placed = oms.Submit(Bid(99m));
        });
        await WaitForAsync(() => placed!.Status == OrderStatus.Accepted && resting.Status == OrderStatus.Canceled, "both orders settled");
        await handler.Running;

        Assert.Multiple(() =>
        {
            Assert.That(placed!.VenueOrderId, Is.EqualTo(VenueOrderId.Create("O-9")), "the venue's id, from its open orders");
            Assert.That(handler.Count, Is.EqualTo(1), "two lost answers, one reconciliation");
            Assert.That(handler.LastReport!.Succeeded, Is.True);
            Assert.That(_rest.QueriedIds, Is.EqualTo(new[] { resting.VenueOrderId }), "the order missing from the open list asked for");
        });
    }

    /// <summary>A loop of its own, started, with the OMS and a reconciling handler on the scripted venue.</summary>
    private sealed class Reconciling : IAsyncDisposable
    {
        public Reconciling(ScriptedRest rest, OrderJournal? journal = null)
        {
            Oms = new OrderManager(Loop.Sink, TimeProvider.System, new ClientOrderIdGenerator(1_723_075_200), journal: journal);
            Oms.RegisterExchange(s_venue, rest);
            Handler = new ReconcileOnReconnect(s_venue, rest, new Reconciler(Oms), Oms);
            Loop.AddHandler(Oms);
            Loop.AddHandler(Handler);
            Loop.Start();
        }

        public EngineLoop Loop { get; } = new();

        public OrderManager Oms { get; }

        public ReconcileOnReconnect Handler { get; }

        public async ValueTask DisposeAsync()
        {
            // The OMS first, then the loop, as the tests' own declarations disposed them.
            Oms.Dispose();
            await Loop.DisposeAsync();
        }
    }

    /// <summary>Counts the fills the OMS applied, as a later stage (the inventory) sees them.</summary>
    private sealed class AppliedFills(OrderManager oms) : IEngineHandler
    {
        public int Count { get; private set; }

        public string Name => "applied-fills";

        public void OnEvent(VenueEvent venueEvent) => Count += oms.LastAppliedFill is null ? 0 : 1;
    }

    /// <summary>The scripted venue with a fill history, as MEXC Spot has.</summary>
    private sealed class ScriptedFillHistory(ScriptedRest rest) : ISpotRest, IFillHistory
    {
        public ImmutableArray<FillEvent> Fills { get; init; } = [];

        public List<(InstrumentId Instrument, long? Since)> Asked { get; } = [];

        public VenueId Venue => rest.Venue;

        public VenueCapabilities Capabilities => rest.Capabilities;

        public Task<VenueResult<ImmutableArray<FillEvent>>> GetFillsAsync(InstrumentId instrument, long? sinceNanoseconds = null, CancellationToken cancellationToken = default)
        {
            Asked.Add((instrument, sinceNanoseconds));
            return Task.FromResult(VenueResult<ImmutableArray<FillEvent>>.Success(Fills));
        }

        public Task<VenueResult<ImmutableArray<VenueOrder>>> GetOpenOrdersAsync(CancellationToken cancellationToken = default) => rest.GetOpenOrdersAsync(cancellationToken);

        public Task<VenueResult<ImmutableArray<VenueOrder>>> QueryOrdersAsync(IReadOnlyList<VenueOrderId> orders, CancellationToken cancellationToken = default) => rest.QueryOrdersAsync(orders, cancellationToken);

        public ValueTask<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default) => rest.CancelOrderAsync(instrument, order, cancellationToken);

        public ValueTask<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default) => rest.PlaceOrderAsync(request, cancellationToken);

        public Task<VenueResult<long>> GetServerTimeAsync(CancellationToken cancellationToken = default) => rest.GetServerTimeAsync(cancellationToken);

        public Task<VenueResult<ImmutableArray<InstrumentSpec>>> GetInstrumentsAsync(CancellationToken cancellationToken = default) => rest.GetInstrumentsAsync(cancellationToken);

        public Task<VenueResult<BookSnapshot>> GetBookAsync(InstrumentId instrument, int depth, CancellationToken cancellationToken = default) => rest.GetBookAsync(instrument, depth, cancellationToken);

        public Task<VenueResult<Ticker>> GetTickerAsync(InstrumentId instrument, CancellationToken cancellationToken = default) => rest.GetTickerAsync(instrument, cancellationToken);

        public Task<VenueResult<ImmutableArray<AssetBalance>>> GetBalancesAsync(CancellationToken cancellationToken = default) => rest.GetBalancesAsync(cancellationToken);

        public ValueTask<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default) => rest.PlaceOrdersAsync(requests, cancellationToken);

        public ValueTask<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default) => rest.AmendOrderAsync(request, cancellationToken);

        public ValueTask<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default) => rest.CancelAllAsync(cancellationToken);

        public ValueTask<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => rest.CancelAllAfterAsync(timeout, cancellationToken);
    }

    private sealed class ScriptedRest : ISpotRest
    {
        private int _placed;

        public Func<OrderRequest, VenueResult<OrderAck>> PlaceAnswer { get; set; } =
            r => VenueResult<OrderAck>.Success(new OrderAck(VenueOrderId.Create($"O-{r.ClientOrderId.Value}"), r.ClientOrderId));

        /// <summary>Gets or sets an answer that comes later (a submit still under way); <see cref="PlaceAnswer"/> when null.</summary>
        public Func<OrderRequest, Task<VenueResult<OrderAck>>>? PlaceAnswerAsync { get; set; }

        /// <summary>Gets or sets a cancel's answer that comes later; <see cref="CancelAnswer"/> when null.</summary>
        public Func<OrderReference, Task<VenueResult<CancelAck>>>? CancelAnswerAsync { get; set; }

        public ImmutableArray<VenueOrder> OpenOrders { get; set; } = [];

        public Func<Task<VenueResult<ImmutableArray<VenueOrder>>>>? OpenOrdersAsync { get; set; }

        public ImmutableArray<VenueOrder> Queried { get; set; } = [];

        /// <summary>Gets or sets what happens before the query's answer (something the OMS learns meanwhile).</summary>
        public Func<Task>? BeforeQueryAnswer { get; set; }

        public List<VenueOrderId> QueriedIds { get; } = [];

        public List<VenueOrderId> Canceled { get; } = [];

        public Func<OrderReference, VenueResult<CancelAck>>? CancelAnswer { get; set; }

        public int PlacedCount => Volatile.Read(ref _placed);

        public VenueId Venue => s_venue;

        public VenueCapabilities Capabilities => new([OrderType.Limit], [TimeInForce.GoodTillCanceled], VenueFeatures.None);

        public ValueTask<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _placed);
            return PlaceAnswerAsync is { } later ? new ValueTask<VenueResult<OrderAck>>(later(request)) : ValueTask.FromResult(PlaceAnswer(request));
        }

        public Task<VenueResult<ImmutableArray<VenueOrder>>> GetOpenOrdersAsync(CancellationToken cancellationToken = default) =>
            OpenOrdersAsync?.Invoke() ?? Task.FromResult(VenueResult<ImmutableArray<VenueOrder>>.Success(OpenOrders));

        public async Task<VenueResult<ImmutableArray<VenueOrder>>> QueryOrdersAsync(IReadOnlyList<VenueOrderId> orders, CancellationToken cancellationToken = default)
        {
            QueriedIds.AddRange(orders);
            if (BeforeQueryAnswer is { } meanwhile)
            {
                await meanwhile();
            }

            return VenueResult<ImmutableArray<VenueOrder>>.Success([.. Queried.Where(q => orders.Contains(q.VenueOrderId))]);
        }

        public ValueTask<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default)
        {
            if (CancelAnswerAsync is { } later)
            {
                return new ValueTask<VenueResult<CancelAck>>(later(order));
            }

            if (CancelAnswer is { } answer)
            {
                return ValueTask.FromResult(answer(order));
            }

            Canceled.Add(order.VenueOrderId ?? VenueOrderId.Create("by-client-id"));
            return ValueTask.FromResult(VenueResult<CancelAck>.Success(new CancelAck(1)));
        }

        public Task<VenueResult<long>> GetServerTimeAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<VenueResult<ImmutableArray<InstrumentSpec>>> GetInstrumentsAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<VenueResult<BookSnapshot>> GetBookAsync(InstrumentId instrument, int depth, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<VenueResult<Ticker>> GetTickerAsync(InstrumentId instrument, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<VenueResult<ImmutableArray<AssetBalance>>> GetBalancesAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
