using System.Collections.Immutable;
using MarketMaking.Adapters;
using MarketMaking.Models;
using static MarketMaking.Testing.Eventually;

namespace MarketMaking.Oms.Tests;

/// <summary>The journal on a real SQLite file: everything written before it is acted on, and the orders rebuilt from it.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class OrderJournalTests
{
    private static readonly VenueId s_venue = VenueId.Create("kraken");
    private static readonly InstrumentId s_btcUsd = InstrumentId.Create("BTC/USD");
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"mm-journal-{Guid.NewGuid():N}.db");

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task AFundingPayment_IsJournaled_AndRestoredForInventory_OnTheSameFile()
    {
        var perpetual = InstrumentId.Create("BTCUSDT");
        var payment = new FundingPayment(s_venue, perpetual, 2.402m, AssetId.Create("USDT"), 7, 8) { Rate = 0.0001m, MarkPrice = 60_050m };
        await using (var loop = new EngineLoop())
        using (var journal = OrderJournal.Open(_path))
        {
            using var oms = new OrderManager(loop.Sink, TimeProvider.System, new ClientOrderIdGenerator(1_723_075_200), journal: journal);
            loop.AddHandler(oms);
            loop.Start();
            await loop.Sink.PostAsync(payment);
            await WaitForAsync(() => journal.Read().Any(e => e.Kind == "funding"));

            // As a host stops: the loop drains before the journal closes (it appends only from the loop).
            await loop.CompleteAsync();
        }

        // A new process on the same file.
        using var reopened = OrderJournal.Open(_path);
        await using var newLoop = new EngineLoop();
        using var restored = new OrderManager(newLoop.Sink, TimeProvider.System, new ClientOrderIdGenerator(1_723_075_300));
        restored.Restore(reopened.Read());

        Assert.That(restored.RestoredFunding, Is.EqualTo(new[] { payment with { TsInit = 7 } }), "every field, the venue's time as both times");
    }

    private static OrderIntent Bid(decimal price) => new(s_venue, s_btcUsd, Side.Buy, OrderType.Limit, new Quantity(1m)) { LimitPrice = new Price(price), PostOnly = true, Strategy = "mm" };

    [TestCase(false, true, TestName = "Restart_OnTheSameJournal_RebuildsEveryOrderItsFillsOnce_AndLeavesUnansweredSubmitsUnknown(committed inline)")]
    [TestCase(true, true, TestName = "Restart_OnTheSameJournal_RebuildsEveryOrderItsFillsOnce_AndLeavesUnansweredSubmitsUnknown(by its own writer)")]
    [TestCase(true, false, TestName = "Restart_OnTheSameJournal_RebuildsEveryOrderItsFillsOnce_AndLeavesUnansweredSubmitsUnknown(a backtest's: bursts by its own writer, no write-ahead log)")]
    public async Task Restart_OnTheSameJournal_RebuildsEveryOrderItsFillsOnce_AndLeavesUnansweredSubmitsUnknown(bool ownThread, bool crashSafe)
    {
        OmsOrder accepted, filled, unanswered;
        await using (var loop = new EngineLoop())
        using (var journal = crashSafe ? OrderJournal.Open(_path, ownThread: ownThread) : OrderJournal.Open(_path, durable: false, ownThread, exclusive: true, commitPerBurst: true, crashSafe: false))
        {
            var venue = new AnsweringVenue();
            using var oms = new OrderManager(loop.Sink, TimeProvider.System, new ClientOrderIdGenerator(1_723_075_200), journal: journal);
            oms.RegisterExchange(s_venue, venue);
            loop.AddHandler(oms);
            loop.Start();
            accepted = await loop.InvokeAsync(() => oms.Submit(Bid(100m)));
            filled = await loop.InvokeAsync(() => oms.Submit(Bid(101m)));
            await WaitForAsync(() => filled.Status == OrderStatus.Accepted && accepted.Status == OrderStatus.Accepted);
            var fill = new FillEvent(s_venue, s_btcUsd, filled.VenueOrderId!.Value, TradeId.Create("t-1"), Side.Buy, new Price(101m), new Quantity(1m), 5, 5) { Fee = 0.25m };
            await loop.Sink.PostAsync(fill);
            await loop.Sink.PostAsync(fill);
            venue.Silent = true;
            unanswered = await loop.InvokeAsync(() => oms.Submit(Bid(99m)));
            await WaitForAsync(() => filled.Status == OrderStatus.Filled);

            Assert.That(journal.Pragma("journal_mode"), Is.EqualTo(crashSafe ? "wal" : "memory"));

            // As a host stops: the loop drains (the duplicate fill may still be on its way) before the journal closes,
            // which it would otherwise do while the loop still appends.
            await loop.CompleteAsync();
        }

        Assert.That(File.Exists(_path + "-wal") || File.Exists(_path + "-journal"), Is.False, "the file alone holds the records");

        // The process is gone; a new one opens the same file.
        using var reopened = OrderJournal.Open(_path);
        await using var newLoop = new EngineLoop();
        using var restored = new OrderManager(newLoop.Sink, TimeProvider.System, new ClientOrderIdGenerator(1_723_075_300));
        var counter = restored.Restore(reopened.Read());

        OmsOrder Find(OmsOrder original) => restored.Read(store => store.Find(s_venue, original.ClientOrderId))!;
        Assert.Multiple(() =>
        {
            Assert.That(restored.Read(store => store.Count), Is.EqualTo(3));
            Assert.That(Find(accepted).Status, Is.EqualTo(OrderStatus.Accepted));
            Assert.That(Find(accepted).VenueOrderId, Is.EqualTo(accepted.VenueOrderId));
            Assert.That(Find(filled).Status, Is.EqualTo(OrderStatus.Filled));
            Assert.That(Find(filled).FilledQuantity, Is.EqualTo(new Quantity(1m)), "the duplicate fill was journaled but counts once");
            Assert.That(Find(filled).Fees, Is.EqualTo(0.25m));
            Assert.That(Find(unanswered).Status, Is.EqualTo(OrderStatus.Unknown), "no answer journaled: it may be live");
            Assert.That(Find(unanswered).LimitPrice, Is.EqualTo(new Price(99m)));
            Assert.That(counter, Is.EqualTo(3), "the last counter used, to continue from");
            Assert.That(restored.Read(store => store.OpenCount), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task WithItsOwnWriter_AndIntentDurableBeforeSend_AnOrderLeavesForTheVenueOnlyOnceItsIntentIsCommitted()
    {
        await using var loop = new EngineLoop();
        using var journal = OrderJournal.Open(_path, ownThread: true);
        var committedWhenSent = new System.Collections.Concurrent.ConcurrentQueue<bool>();
        var venue = new AnsweringVenue
        {
            // At the venue: is the intent in the file, as another process (the next run) would read it?
            OnPlace = request => committedWhenSent.Enqueue(IntentIsInTheFile(request.ClientOrderId)),
        };
        using var oms = new OrderManager(loop.Sink, TimeProvider.System, new ClientOrderIdGenerator(1_723_075_200), journal: journal, intentDurableBeforeSend: true);
        oms.RegisterExchange(s_venue, venue);
        loop.AddHandler(oms);
        loop.Start();
        var orders = await loop.InvokeAsync(() => Enumerable.Range(0, 50).Select(i => oms.Submit(Bid(100m - i))).ToArray());
        await WaitForAsync(() => orders.All(o => o.Status == OrderStatus.Accepted));

        Assert.That(committedWhenSent, Has.Count.EqualTo(50).And.All.True);
    }

    [Test]
    public async Task WithItsOwnWriter_ByDefault_AnOrderLeavesOnTheLoopAsItsIntentIsHandedOver_AndTheIntentIsCommittedSoonAfter()
    {
        await using var loop = new EngineLoop();
        using var journal = OrderJournal.Open(_path, ownThread: true);
        var sentOnTheLoop = new System.Collections.Concurrent.ConcurrentQueue<bool>();
        var venue = new AnsweringVenue { OnPlace = _ => sentOnTheLoop.Enqueue(loop.IsOnLoop) };
        using var oms = new OrderManager(loop.Sink, TimeProvider.System, new ClientOrderIdGenerator(1_723_075_200), journal: journal);
        oms.RegisterExchange(s_venue, venue);
        loop.AddHandler(oms);
        loop.Start();
        var orders = await loop.InvokeAsync(() => Enumerable.Range(0, 50).Select(i => oms.Submit(Bid(100m - i))).ToArray());
        await WaitForAsync(() => orders.All(o => o.Status == OrderStatus.Accepted));
        await WaitForAsync(() => orders.All(o => IntentIsInTheFile(o.ClientOrderId)));

        Assert.That(sentOnTheLoop, Has.Count.EqualTo(50).And.All.True, "each order left from the loop, without waiting for the disk");
    }

    [TestCase(true, TestName = "WithItsOwnWriter_AJournalThatCannotBeWritten_StopsNewOrdersBeforeTheyAreSent(intent durable before send)")]
    [TestCase(false, TestName = "WithItsOwnWriter_AJournalThatCannotBeWritten_StopsNewOrdersBeforeTheyAreSent(intent handed over)")]
    public async Task WithItsOwnWriter_AJournalThatCannotBeWritten_StopsNewOrdersBeforeTheyAreSent(bool intentDurableBeforeSend)
    {
        await using var loop = new EngineLoop();
        using var journal = OrderJournal.Open(_path, ownThread: true);
        var venue = new AnsweringVenue();
        using var oms = new OrderManager(loop.Sink, TimeProvider.System, new ClientOrderIdGenerator(1_723_075_200), journal: journal, intentDurableBeforeSend: intentDurableBeforeSend);
        oms.RegisterExchange(s_venue, venue);
        loop.AddHandler(oms);
        loop.Start();
        using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_path};Pooling=False"))
        {
            // What a full disk or a lost file would do: the next commit fails.
            other.Open();
            using var drop = other.CreateCommand();
            drop.CommandText = "DROP TABLE journal";
            drop.ExecuteNonQuery();
        }

        // Handed over, an intent may leave before the commit that fails (SQLite may even take a few commits to see the
        // table gone); once a commit has failed, nothing more leaves. Orders are paced until one is refused.
        var orders = new List<OmsOrder>();
        var started = TimeProvider.System.GetTimestamp();
        while (!orders.Any(o => o.Status == OrderStatus.Rejected) && TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(30))
        {
            var order = await loop.InvokeAsync(() => oms.Submit(Bid(100m - (orders.Count % 50))));
            await WaitForAsync(() => order.Status is not OrderStatus.PendingNew);
            orders.Add(order);
            await Task.Delay(TimeSpan.FromMilliseconds(5));
        }

        var sentBefore = venue.Placed;
        var after = await loop.InvokeAsync(() => oms.Submit(Bid(90m)));
        await WaitForAsync(() => !after.IsOpen);

        Assert.Multiple(() =>
        {
            Assert.That(orders[^1].Status, Is.EqualTo(OrderStatus.Rejected));
            Assert.That(orders[^1].LastError, Does.Contain("journal could not be written").And.Contain("no such table"));
            Assert.That(after.Status, Is.EqualTo(OrderStatus.Rejected));
            Assert.That(venue.Placed, Is.EqualTo(sentBefore), "nothing left for the venue once the journal failed");
            Assert.That(venue.Placed, Is.EqualTo(orders.Count(o => o.Status == OrderStatus.Accepted)));
            if (intentDurableBeforeSend)
            {
                Assert.That(venue.Placed, Is.Zero, "waiting for the commit, not even the first order leaves");
            }
        });
    }

    private bool IntentIsInTheFile(ClientOrderId clientOrderId)
    {
        using var reader = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_path};Mode=ReadOnly;Pooling=False");
        reader.Open();
        using var query = reader.CreateCommand();
        query.CommandText = "SELECT COUNT(*) FROM journal WHERE kind = 'intent' AND client_order_id = $id";
        query.Parameters.AddWithValue("$id", clientOrderId.Value);
        return (long)query.ExecuteScalar()! == 1;
    }

    [Test]
    public void CommittedPerBurst_ABurstsRecordsReachTheFileTogetherWhenItEnds_AndClosingCommitsTheLast()
    {
        static OrderUpdate Update(int n) => new(s_venue, new VenueOrderId($"O-{n}"), OrderStatus.Accepted, n, n);
        long Rows()
        {
            using var reader = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_path};Pooling=False");
            reader.Open();
            using var count = reader.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM journal";
            return (long)count.ExecuteScalar()!;
        }

        var journal = OrderJournal.Open(_path, durable: false, commitPerBurst: true);
        Assert.That(new[] { journal.Append(Update(1)), journal.Append(Update(2)) }, Is.All.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Rows(), Is.Zero, "held until the burst ends");
            Assert.That(journal.IsDurable(2), Is.False);
        }

        journal.Wake();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Rows(), Is.EqualTo(2), "committed together at the burst's end");
            Assert.That(journal.IsDurable(2), Is.True);
        }

        journal.Append(Update(3));
        journal.Dispose();
        Assert.That(Rows(), Is.EqualTo(3), "the last burst committed on closing");
    }

    [Test]
    public void CommittedPerBurst_ABurstWithARecordSQLiteRefuses_IsWrittenNotAtAll_AndTheConnectionGoesOn()
    {
        static OrderUpdate Update(int n) => new(s_venue, new VenueOrderId($"O-{n}"), OrderStatus.Accepted, n, n);
        using var journal = OrderJournal.Open(_path, durable: false, commitPerBurst: true);
        journal.Append(Update(1));
        journal.Wake();
        using var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_path};Pooling=False");
        other.Open();
        using var sql = other.CreateCommand();
        string[] Rows()
        {
            sql.CommandText = "SELECT group_concat(ts, ',') FROM journal";
            return ((string)sql.ExecuteScalar()!).Split(',');
        }

        // A burst of three whose second SQLite refuses, as a full disk or a damaged file would.
        sql.CommandText = "CREATE TRIGGER refuse BEFORE INSERT ON journal WHEN NEW.ts = 3 BEGIN SELECT RAISE(ABORT, 'the disk refused the record'); END;";
        sql.ExecuteNonQuery();
        journal.Append(Update(2));
        journal.Append(Update(3));
        journal.Append(Update(4));
        Assert.That(journal.Wake, Throws.InstanceOf<Microsoft.Data.Sqlite.SqliteException>().With.Message.Contains("the disk refused the record"));
        Assert.That(Rows(), Is.EqualTo(new[] { "1" }), "the burst rolled back whole: not even the record before the refused one");

        // Refused no more: the burst is still held, and goes with the next in one transaction.
        sql.CommandText = "DROP TRIGGER refuse";
        sql.ExecuteNonQuery();
        journal.Append(Update(5));
        journal.Wake();
        Assert.That(Rows(), Is.EqualTo(new[] { "1", "2", "3", "4", "5" }));
    }

    [Test]
    public void CommittedPerBurstOnTheWritersThread_GivesTheFileCommittedOnTheLoop_ByteForByte()
    {
        static OrderUpdate Update(int n) => new(s_venue, new VenueOrderId($"O-{n}"), OrderStatus.Accepted, n, n);
        var onLoopPath = _path + ".loop.db";
        try
        {
            var onLoop = OrderJournal.Open(onLoopPath, durable: false, exclusive: true, commitPerBurst: true);
            var offLoop = OrderJournal.Open(_path, durable: false, ownThread: true, exclusive: true, commitPerBurst: true);
            var appended = 0;
            for (var burst = 0; burst < 300; burst++)
            {
                // Bursts of 1 to 7 records: one record goes without a transaction, more in one.
                for (var i = 0; i < 1 + (burst % 7); i++)
                {
                    appended++;
                    Assert.That(onLoop.Append(Update(appended)) && offLoop.Append(Update(appended)), Is.True);
                }

                onLoop.Wake();
                offLoop.Wake();
            }

            var read = offLoop.Read().ToList();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(read.Select(e => e.VenueOrderId), Is.EqualTo(Enumerable.Range(1, appended).Select(n => $"O-{n}")), "every record, in order");
                Assert.That(offLoop.IsDurable(appended), Is.True, "committed once read back");
            }

            onLoop.Dispose();
            offLoop.Dispose();
            Assert.That(File.ReadAllBytes(_path), Is.EqualTo(File.ReadAllBytes(onLoopPath)), "the same transactions, the same file");
        }
        finally
        {
            File.Delete(onLoopPath);
        }
    }

    [TestCase(false, TestName = "Reopened_TheRecordsAreNumberedOnFromTheLast(a new file)")]
    [TestCase(true, TestName = "Reopened_TheRecordsAreNumberedOnFromTheLast(a file made with AUTOINCREMENT, as before 2026-12-06)")]
    public void Reopened_TheRecordsAreNumberedOnFromTheLast(bool madeWithAutoincrement)
    {
        static OrderUpdate Update(int n) => new(s_venue, new VenueOrderId($"O-{n}"), OrderStatus.Accepted, n, n);
        if (madeWithAutoincrement)
        {
            using var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_path};Pooling=False");
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE journal (seq INTEGER PRIMARY KEY AUTOINCREMENT, ts INTEGER NOT NULL, kind TEXT NOT NULL, venue TEXT NOT NULL, client_order_id TEXT, body TEXT NOT NULL);
                INSERT INTO journal (ts, kind, venue, body) VALUES (1, 'update', 'kraken', '{"Kind":"update","Timestamp":1,"Venue":"kraken","VenueOrderId":"O-1","Status":1}');
                """;
            create.ExecuteNonQuery();
        }
        else
        {
            using var first = OrderJournal.Open(_path);
            first.Append(Update(1));
        }

        using (var journal = OrderJournal.Open(_path, durable: false, commitPerBurst: true))
        {
            journal.Append(Update(2));
            journal.Append(Update(3));
        }

        using (var journal = OrderJournal.Open(_path))
        {
            journal.Append(Update(4));
            Assert.That(journal.Read().Select(e => e.VenueOrderId), Is.EqualTo(new[] { "O-1", "O-2", "O-3", "O-4" }), "read back in the order written");
        }

        using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_path};Pooling=False");
        check.Open();
        using var query = check.CreateCommand();
        query.CommandText = "SELECT group_concat(seq || ' ' || ts, ',') FROM journal";
        Assert.That(query.ExecuteScalar(), Is.EqualTo("1 1,2 2,3 3,4 4"), "each record the next number");
    }

    [Test]
    public void Open_AFileThatIsNotAJournal_FailsClearly_AndLeavesTheFileAsItWas()
    {
        File.WriteAllText(_path, "not a database");

        Assert.Multiple(() =>
        {
            Assert.That(() => OrderJournal.Open(_path), Throws.InstanceOf<Microsoft.Data.Sqlite.SqliteException>().With.Message.Contains("not a database"));
            Assert.That(File.ReadAllText(_path), Is.EqualTo("not a database"));
        });
    }

    [Test]
    public void AnInsertSQLiteRefuses_ThrowsItsMessage_LosesNoEarlierRecord_AndTheNextInsertIsWritten()
    {
        var first = new FundingPayment(s_venue, InstrumentId.Create("BTCUSDT"), 1.5m, AssetId.Create("USDT"), 7, 8);
        var update = new OrderUpdate(s_venue, VenueOrderId.Create("O-1"), OrderStatus.Accepted, 9, 10) { ClientOrderId = ClientOrderId.Create("c-1") };
        using var journal = OrderJournal.Open(_path);
        journal.Append(first);

        // Another connection makes SQLite refuse the journal's inserts, as a full disk or a damaged file would.
        using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_path}"))
        {
            other.Open();
            using var refuse = other.CreateCommand();
            refuse.CommandText = "CREATE TRIGGER refuse BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, 'the disk refused the record'); END;";
            refuse.ExecuteNonQuery();
            Assert.That(() => journal.Append(update), Throws.InstanceOf<Microsoft.Data.Sqlite.SqliteException>().With.Message.Contains("the disk refused the record"));
            refuse.CommandText = "DROP TRIGGER refuse";
            refuse.ExecuteNonQuery();
        }

        journal.Append(update);
        var records = journal.Read().ToArray();
        using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_path}");
        check.Open();
        using var types = check.CreateCommand();
        types.CommandText = "SELECT group_concat(typeof(ts) || ' ' || typeof(kind) || ' ' || typeof(venue) || ' ' || typeof(client_order_id) || ' ' || typeof(body), '; ') FROM journal";
        using (Assert.EnterMultipleScope())
        {
            Assert.That(records.Select(r => (r.Kind, r.Timestamp, r.ClientOrderId)), Is.EqualTo(new[] { ("funding", 7L, (string?)null), ("update", 9L, "c-1") }), "the record before the refusal and the one after, nothing of the refused one");
            Assert.That(records[0].Amount, Is.EqualTo(1.5m));
            Assert.That(types.ExecuteScalar(), Is.EqualTo("integer text text null text; integer text text text text"), "the columns' types as the command wrote them");
        }
    }

    private sealed class AnsweringVenue : ISpotOrderEntry
    {
        private int _orders;

        public bool Silent { get; set; }

        public Action<OrderRequest>? OnPlace { get; init; }

        public int Placed => Volatile.Read(ref _orders);

        public VenueId Venue => s_venue;

        public VenueCapabilities Capabilities => new([OrderType.Limit], [TimeInForce.GoodTillCanceled], VenueFeatures.None);

        public ValueTask<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
        {
            OnPlace?.Invoke(request);
            return Silent
                ? new(new TaskCompletionSource<VenueResult<OrderAck>>().Task)
                : ValueTask.FromResult(VenueResult<OrderAck>.Success(new OrderAck(VenueOrderId.Create($"O-{Interlocked.Increment(ref _orders)}"), request.ClientOrderId)));
        }

        public ValueTask<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
