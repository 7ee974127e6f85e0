using System.Collections.Concurrent;
using MarketMaking.Models;
using static MarketMaking.Testing.Eventually;

namespace MarketMaking.Oms.Tests;

/// <summary>The engine loop: in-loop handlers in order on one thread, out-of-loop subscribers isolated by bounded queues.</summary>
public sealed class EngineLoopTests
{
    private static readonly VenueId s_venue = VenueId.Create("test");

    private static VenueStatusChanged Event(int i) => new(s_venue, VenueTradingStatus.Online, i.ToString(System.Globalization.CultureInfo.InvariantCulture), i);

    private static async Task PostAsync(EngineLoop loop, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await loop.Sink.PostAsync(Event(i));
        }
    }

    [Test]
    public async Task Handlers_SeeEveryEventInOrder_InTheOrderTheyWereAdded_AndAThrowingOneDoesNotStopTheOthers()
    {
        await using var loop = new EngineLoop();
        var seen = new List<string>();
        loop.AddHandler(new Handler("books", e => seen.Add($"books:{e.TsInit}")));
        loop.AddHandler(new Handler("oms", e => throw new InvalidOperationException("bug")));
        loop.AddHandler(new Handler("strategy", e => seen.Add($"strategy:{e.TsInit}")));
        loop.Start();

        await PostAsync(loop, 3);
        await loop.CompleteAsync();

        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.EqualTo(new[] { "books:1", "strategy:1", "books:2", "strategy:2", "books:3", "strategy:3" }));
            Assert.That(loop.HandlerFailures, Is.EqualTo(3));
            Assert.That(loop.Processed, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task ControlMessages_GoBeforeQueuedMarketData_EachQueueInItsOwnOrder()
    {
        await using var loop = new EngineLoop();
        var seen = new List<string>();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        loop.AddHandler(new Handler("recorder", e =>
        {
            seen.Add($"{e.GetType().Name}:{e.TsInit}");
            if (e.TsInit == 0)
            {
                // The loop is busy with the first event while the others queue up behind it.
                entered.Set();
                release.Wait();
            }
        }));
        loop.Start();

        await loop.Sink.PostAsync(Event(0));
        entered.Wait();
        var book = new BookLevel(new Price(100m), new Quantity(1m));
        for (var i = 1; i <= 3; i++)
        {
            // A best bid and offer between two book messages is market data too: it keeps its place among them.
            await loop.Sink.PostAsync(i == 2
                ? new TopOfBook(s_venue, InstrumentId.Create("BTC/USD"), book.Price, book.Quantity, new Price(101m), new Quantity(1m), i, i)
                : new BookSnapshot(s_venue, InstrumentId.Create("BTC/USD"), [book], [], i, i));
        }

        await loop.Sink.PostAsync(Event(4));
        await loop.Sink.PostAsync(Event(5));
        release.Set();
        await loop.CompleteAsync();

        Assert.That(seen, Is.EqualTo(new[]
        {
            "VenueStatusChanged:0", "VenueStatusChanged:4", "VenueStatusChanged:5", "BookSnapshot:1", "TopOfBook:2", "BookSnapshot:3",
        }));
    }

    [Test]
    public async Task MarketData_PastTheCapacity_WaitsForTheLoopToTakeSome_WhileControlMessagesNeverWait()
    {
        await using var loop = new EngineLoop(capacity: 3);
        var seen = new List<long>();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        loop.AddHandler(new Handler("recorder", e =>
        {
            seen.Add(e.TsInit);
            if (e.TsInit == 1)
            {
                entered.Set();
                release.Wait();
            }
        }));
        loop.Start();
        var book = new BookLevel(new Price(100m), new Quantity(1m));
        BookSnapshot Snapshot(long ts) => new(s_venue, InstrumentId.Create("BTC/USD"), [book], [], ts, ts);

        // The loop holds the first; three fill the queue; the fifth waits, and so does a sixth whose wait is canceled.
        await loop.Sink.PostAsync(Snapshot(1));
        entered.Wait();
        for (var i = 2; i <= 4; i++)
        {
            await loop.Sink.PostAsync(Snapshot(i));
        }

        var fifth = loop.Sink.PostAsync(Snapshot(5)).AsTask();
        using var cancel = new CancellationTokenSource();
        var gaveUp = loop.Sink.PostAsync(Snapshot(99), cancel.Token).AsTask();
        await cancel.CancelAsync();
        var control = loop.Sink.PostAsync(Event(6));
        var fifthWaitedWhileFull = !fifth.IsCompleted;

        release.Set();
        await fifth;
        await loop.Sink.PostAsync(Snapshot(7));
        await loop.CompleteAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(fifthWaitedWhileFull, Is.True, "a full market-data queue holds the post");
            Assert.That(control.IsCompletedSuccessfully, Is.True, "a control message is never held");
            Assert.That(async () => await gaveUp, Throws.InstanceOf<OperationCanceledException>());
            Assert.That(seen, Is.EqualTo(new long[] { 1, 6, 2, 3, 4, 5, 7 }), "the canceled post never queued; the rest in order, control first");
        }
    }

    [Test]
    public async Task SlowSubscriber_StallsNeitherTheLoopNorTheOthers_AndDropsItsOldestEvents()
    {
        await using var loop = new EngineLoop();
        var release = new TaskCompletionSource();
        var slowSeen = new ConcurrentQueue<long>();
        var fastSeen = new ConcurrentQueue<long>();
        var slow = loop.Subscribe("dashboard", _ => true, async (e, _) =>
        {
            await release.Task;
            slowSeen.Enqueue(e.TsInit);
        }, capacity: 10, OverflowPolicy.DropOldest);
        var fast = loop.Subscribe("metrics", _ => true, (e, _) =>
        {
            fastSeen.Enqueue(e.TsInit);
            return ValueTask.CompletedTask;
        });
        loop.Start();

        await PostAsync(loop, 1_000);
        await WaitForAsync(() => fastSeen.Count == 1_000);
        var processedWhileBlocked = loop.Processed;
        release.SetResult();
        await loop.CompleteAsync();

        Assert.Multiple(() =>
        {
            Assert.That(processedWhileBlocked, Is.EqualTo(1_000), "the loop did not wait for the slow subscriber");
            Assert.That(fastSeen, Is.EqualTo(Enumerable.Range(1, 1_000).Select(i => (long)i)), "the fast one got everything, in order");
            Assert.That(slowSeen.Count + slow.Dropped, Is.EqualTo(1_000), "every event delivered or counted as dropped");
            Assert.That(slowSeen.TakeLast(10), Is.EqualTo(Enumerable.Range(991, 10).Select(i => (long)i)), "the newest were kept");
            Assert.That(fast.Dropped, Is.Zero);
        });
    }

    [Test]
    public async Task ThrowingSubscriber_IsCountedAndKeepsReceiving()
    {
        await using var loop = new EngineLoop();
        var subscription = loop.Subscribe("journal", e => e.TsInit % 2 == 0, (e, _) => e.TsInit == 2 ? throw new IOException("disk") : ValueTask.CompletedTask);
        loop.Start();

        await PostAsync(loop, 10);
        await loop.CompleteAsync();

        Assert.Multiple(() =>
        {
            Assert.That(subscription.Failures, Is.EqualTo(1));
            Assert.That(subscription.Delivered, Is.EqualTo(4), "the other even events, after the failure too");
        });
    }

    [Test]
    public async Task DetachPolicy_ASubscriberThatFallsBehind_IsDetachedAndReported()
    {
        await using var loop = new EngineLoop();
        var release = new TaskCompletionSource();
        var subscription = loop.Subscribe("audit", _ => true, async (_, _) => await release.Task, capacity: 5, OverflowPolicy.Detach);
        loop.Start();

        await PostAsync(loop, 100);
        await WaitForAsync(() => loop.Processed == 100);
        release.SetResult();
        await loop.CompleteAsync();

        Assert.Multiple(() =>
        {
            Assert.That(subscription.IsDetached, Is.True);
            Assert.That(subscription.Delivered, Is.LessThanOrEqualTo(6), "nothing after it was detached");
            Assert.That(subscription.Dropped, Is.GreaterThanOrEqualTo(1));
        });
    }

    [Test]
    public void ADrivenLoop_TakesWhatWasPostedOnlyWhenItsDriverRunsIt_OnTheDriversThread_AndRefusesChangesFromOthers()
    {
        // Synchronous on purpose: the test's thread is the driver, as a backtest's is.
        var loop = new EngineLoop();
        var driver = Environment.CurrentManagedThreadId;
        var seen = new List<(long Event, int Thread)>();
        loop.AddHandler(new Handler("books", e => seen.Add((e.TsInit, Environment.CurrentManagedThreadId))));
        loop.DriveFromCurrentThread();
        loop.Start();

        var posted = Enumerable.Range(1, 3).Select(i => loop.Sink.PostAsync(Event(i))).ToArray();
        var beforeRunning = seen.Count;
        var taken = loop.RunPending();
        Exception? fromOtherThread = null;
        var other = new Thread(() => fromOtherThread = Assert.Catch<InvalidOperationException>(() => loop.EnsureOnLoop("A change")));
        other.Start();
        other.Join();

        Assert.Multiple(() =>
        {
            Assert.That(posted.All(p => p.IsCompletedSuccessfully), Is.True);
            Assert.That(beforeRunning, Is.Zero, "posting does not run anything");
            Assert.That(taken, Is.EqualTo(3));
            Assert.That(seen, Is.EqualTo(new[] { (1L, driver), (2L, driver), (3L, driver) }));
            Assert.That(loop.IsOnLoop, Is.True, "the driver's own code counts as on the loop");
            Assert.That(() => loop.EnsureOnLoop("A change"), Throws.Nothing);
            Assert.That(fromOtherThread?.Message, Does.Contain("off the engine loop"));
        });
        Assert.That(loop.CompleteAsync().IsCompletedSuccessfully, Is.True, "a driven loop completes on its driver's thread");
    }

    [Test]
    public void ADrivenLoop_TakesControlBeforeMarketData_TheDriversPostsInTheirOrder_OthersToo_AndRefusesPostsOnceComplete()
    {
        var loop = new EngineLoop();
        var seen = new List<long>();
        loop.AddHandler(new Handler("all", e => seen.Add(e.TsInit)));
        loop.DriveFromCurrentThread();
        loop.Start();
        static Trade Market(int i) => new(s_venue, InstrumentId.Create("BTCUSDT"), new Price(100m), new Quantity(1m), Side.Buy, new TradeId($"t{i}"), i, i);

        // The driver's posts (control 1 and 2, market data 11 and 12, interleaved), and another thread's (3 and 13).
        var posted = new[] { loop.Sink.PostAsync(Market(11)), loop.Sink.PostAsync(Event(1)), loop.Sink.PostAsync(Market(12)), loop.Sink.PostAsync(Event(2)) };
        var other = new Thread(() =>
        {
            loop.Sink.PostAsync(Event(3)).AsTask().Wait();
            loop.Sink.PostAsync(Market(13)).AsTask().Wait();
        });
        other.Start();
        other.Join();
        var taken = loop.RunPending();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(posted.All(p => p.IsCompletedSuccessfully), Is.True);
            Assert.That(taken, Is.EqualTo(6));
            Assert.That(seen.Take(3), Is.EquivalentTo(new[] { 1L, 2L, 3L }), "control first");
            Assert.That(seen.Skip(3), Is.EquivalentTo(new[] { 11L, 12L, 13L }), "then market data");
            Assert.That(seen.Where(e => e is 1 or 2 or 11 or 12), Is.EqualTo(new[] { 1L, 2L, 11L, 12L }), "the driver's in its order, each kind");
        }

        Assert.That(loop.CompleteAsync().IsCompletedSuccessfully, Is.True);
        Assert.That(async () => await loop.Sink.PostAsync(Event(4)), Throws.InstanceOf<System.Threading.Channels.ChannelClosedException>(), "the driver's post after the end");
        Assert.That(seen, Has.Count.EqualTo(6));
    }

    private sealed class Handler(string name, Action<VenueEvent> onEvent) : IEngineHandler
    {
        public string Name => name;

        public void OnEvent(VenueEvent venueEvent) => onEvent(venueEvent);
    }
}
