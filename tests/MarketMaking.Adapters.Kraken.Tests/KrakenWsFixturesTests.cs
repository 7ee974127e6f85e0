using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MarketMaking.Models;
using MarketMaking.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MarketMaking.Adapters.Kraken.Tests;

/// <summary>Every WebSocket v2 sample in <c>tests/fixtures/kraken</c> read into the platform's models (or written by our request writer).</summary>
public sealed class KrakenWsFixturesTests
{
    private static readonly ClientOrderId s_clientId = ClientOrderId.Create("q-1");

    private static JsonElement Fixture(string name) => JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture($"kraken/{name}"))).RootElement.Clone();

    private static JsonElement Params(byte[] request) => JsonDocument.Parse(request).RootElement.GetProperty("params").Clone();

    [Test]
    public void BookSnapshotAndUpdates_ParseAndEveryChecksumMatches()
    {
        var spec = new InstrumentSpec(InstrumentId.Create("BTC/USD"), new Price(0.1m), new Quantity(0.00000001m), 1, 8);
        var synchronizer = new KrakenBookSynchronizer(new OrderBook(spec, 10));
        var frame = new KrakenBookFrame();
        var frames = new List<string> { Fixture("ws-book-snapshot.json").GetRawText() };
        frames.AddRange(Fixture("ws-book-updates.json").EnumerateArray().Select(u => u.GetRawText()));

        var checks = frames.Select(text =>
        {
            Assert.That(KrakenBookFrameParser.Parse(Encoding.UTF8.GetBytes(text), frame), Is.EqualTo(KrakenFrameParseStatus.Book));
            return synchronizer.Apply(frame[0], frame.IsSnapshot).Checksum;
        }).ToArray();

        Assert.That(checks, Has.Length.EqualTo(11).And.All.EqualTo(ChecksumCheck.Matched));
        Assert.That(synchronizer.Book.SyncState, Is.EqualTo(BookSyncState.Synced));
    }

    [Test]
    public void Trades_SnapshotAndUpdate_ReadWithTheTakerAsAggressor()
    {
        var snapshot = KrakenWsReaders.ReadTrades(Fixture("ws-trade-snapshot.json"), 1);
        var update = KrakenWsReaders.ReadTrades(Fixture("ws-trade-update.json"), 2).Single();

        Assert.Multiple(() =>
        {
            Assert.That(snapshot, Has.Length.EqualTo(2));
            Assert.That(snapshot[1].Quantity, Is.EqualTo(new Quantity(1136.19677815m)));
            Assert.That(snapshot[1].TradeId.Value, Is.EqualTo("4665847"));
            Assert.That(update.Instrument.Value, Is.EqualTo("MATIC/USD"));
            Assert.That(update.Price, Is.EqualTo(new Price(0.5117m)));
            Assert.That(update.Quantity, Is.EqualTo(new Quantity(40m)));
            Assert.That(update.AggressorSide, Is.EqualTo(Side.Sell));
            Assert.That(update.TsEvent, Is.EqualTo(1_695_628_177_708_706_000), "2023-09-25T07:49:37.708706Z in ns");
        });
    }

    [Test]
    public void Ticker_SnapshotAndUpdate_ReadAsTopOfBookAndTicker()
    {
        var top = KrakenWsReaders.ReadTopOfBook(Fixture("ws-ticker-update.json"), 5).Single();
        var ticker = KrakenWsReaders.ReadTickers(Fixture("ws-ticker-snapshot.json")).Single();

        Assert.Multiple(() =>
        {
            Assert.That(top.Instrument.Value, Is.EqualTo("ALGO/USD"));
            Assert.That(top.BidPrice, Is.EqualTo(new Price(0.10025m)));
            Assert.That(top.AskPrice, Is.EqualTo(new Price(0.10035m)));
            Assert.That(top.AskQuantity, Is.EqualTo(new Quantity(740m)));
            Assert.That(ticker.AskPrice, Is.EqualTo(new Price(0.10036m)));
            Assert.That(ticker.AskQuantity, Is.EqualTo(new Quantity(1361.44813783m)));
            Assert.That(ticker.LastPrice, Is.EqualTo(new Price(0.10035m)));
            Assert.That(ticker.Volume24h, Is.EqualTo(new Quantity(997038.98383185m)));
        });
    }

    [Test]
    public void Status_OnlineWithAConnectionIdAboveInt64_AndMaintenance_Read()
    {
        Assert.Multiple(() =>
        {
            Assert.That(KrakenWsReaders.ReadStatus(Fixture("ws-status.json"), 1).Status, Is.EqualTo(VenueTradingStatus.Online));
            var maintenance = KrakenWsReaders.ReadStatus(Fixture("ws-status-maintenance-capture.json"), 1);
            Assert.That(maintenance.Status, Is.EqualTo(VenueTradingStatus.Maintenance));
            Assert.That(maintenance.VenueText, Is.EqualTo("maintenance"));
        });
    }

    [Test]
    public void Instrument_Snapshot_ReadsEveryPairWithItsPrecisionsAndMinimums()
    {
        var specs = KrakenWsReaders.ReadInstruments(Fixture("ws-instrument-snapshot.json"), out var errors);
        var btc = specs.Single(s => s.Instrument.Value == "BTC/USD");

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(specs, Has.Length.EqualTo(Fixture("ws-instrument-snapshot.json").GetProperty("data").GetProperty("pairs").GetArrayLength()));
            Assert.That(btc.TickSize, Is.EqualTo(new Price(0.1m)));
            Assert.That(btc.LotSize, Is.EqualTo(new Quantity(0.00000001m)));
            Assert.That(btc.PricePrecision, Is.EqualTo(1));
            Assert.That(btc.SizePrecision, Is.EqualTo(8));
            Assert.That(btc.MinQuantity, Is.EqualTo(new Quantity(0.0001m)));
            Assert.That(btc.MinNotional, Is.EqualTo(0.5m));
        });
    }

    [Test]
    public async Task HeartbeatStatusTradeAndTicker_ThroughThePublicSession_PostTheRightEvents()
    {
        var sink = new ChannelVenueEventSink();
        var session = new KrakenPublicSession(sink, new KrakenWsRequester(TimeProvider.System), new FakeTimeProvider(), NullLogger.Instance, TimeSpan.FromSeconds(5));
        await session.SubscribeTradesAsync(InstrumentId.Create("MATIC/USD"), connected: false, CancellationToken.None);
        await session.SubscribeTopOfBookAsync(InstrumentId.Create("ALGO/USD"), connected: false, CancellationToken.None);

        foreach (var name in new[] { "ws-heartbeat.json", "ws-status.json", "ws-trade-update.json", "ws-ticker-update.json" })
        {
            await session.OnMessageAsync(Encoding.UTF8.GetBytes(Fixture(name).GetRawText()), WebSocketMessageType.Text);
        }

        sink.Complete();
        var events = await sink.Reader.ReadAllAsync().ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(session.SkippedFrames, Is.Zero);
            Assert.That(events.Select(e => e.GetType()), Is.EqualTo(new[] { typeof(VenueStatusChanged), typeof(Trade), typeof(TopOfBook) }));
        });
    }

    [Test]
    public void Executions_EveryFixture_ReadsIntoOrderUpdatesAndFills()
    {
        var pendingNew = (OrderUpdate)KrakenWsReaders.ReadExecutions(Fixture("ws-executions-update-pending-new.json"), 1).Events.Single();
        var newOrder = KrakenWsReaders.ReadExecutions(Fixture("ws-executions-update-new.json"), 1);
        var trade = (FillEvent)KrakenWsReaders.ReadExecutions(Fixture("ws-executions-update-trade.json"), 1).Events.Single();
        var snapshot = KrakenWsReaders.ReadExecutions(Fixture("ws-executions-snapshot-capture.json"), 1);
        var pendingCapture = (OrderUpdate)KrakenWsReaders.ReadExecutions(Fixture("ws-executions-update-pending-new-capture.json"), 1).Events.Single();
        var newCapture = (OrderUpdate)KrakenWsReaders.ReadExecutions(Fixture("ws-executions-update-new-capture.json"), 1).Events.Single();
        var canceled = (OrderUpdate)KrakenWsReaders.ReadExecutions(Fixture("ws-executions-update-canceled-capture.json"), 1).Events.Single();
        var amended = (OrderUpdate)KrakenWsReaders.ReadExecutions(Fixture("ws-executions-update-amended-capture.json"), 1).Events.Single();

        Assert.Multiple(() =>
        {
            Assert.That(pendingNew.Status, Is.EqualTo(OrderStatus.PendingNew));
            Assert.That(pendingNew.Instrument!.Value.Value, Is.EqualTo("BTC/USD"));
            Assert.That(pendingNew.Side, Is.EqualTo(Side.Sell));
            Assert.That(pendingNew.LimitPrice, Is.EqualTo(new Price(26500m)));
            Assert.That(pendingNew.Quantity, Is.EqualTo(new Quantity(0.005m)));

            Assert.That(newOrder.Sequence, Is.EqualTo(9));
            Assert.That(newOrder.IsSnapshot, Is.False);
            Assert.That(((OrderUpdate)newOrder.Events.Single()).Status, Is.EqualTo(OrderStatus.Accepted));
            Assert.That(((OrderUpdate)newOrder.Events.Single()).Instrument, Is.Null, "sparse: only what Kraken sent");

            Assert.That(trade.VenueOrderId.Value, Is.EqualTo("OK4GJX-KSTLS-7DZZO5"));
            Assert.That(trade.TradeId.Value, Is.EqualTo("TGBB7L-HT5LX-J3BZ4A"), "keyed by exec_id");
            Assert.That(trade.Price, Is.EqualTo(new Price(26599.9m)));
            Assert.That(trade.Quantity, Is.EqualTo(new Quantity(0.005m)));
            Assert.That(trade.Liquidity, Is.EqualTo(LiquiditySide.Taker));
            Assert.That(trade.Fee, Is.EqualTo(0.3458m));
            Assert.That(trade.FeeAsset!.Value.Value, Is.EqualTo("USD"));
            Assert.That(trade.OrderStatus, Is.EqualTo(OrderStatus.PartiallyFilled));

            Assert.That(snapshot.IsSnapshot, Is.True);
            Assert.That(snapshot.Events, Has.Length.EqualTo(4).And.All.InstanceOf<FillEvent>());
            Assert.That(((FillEvent)snapshot.Events[1]).Liquidity, Is.EqualTo(LiquiditySide.Maker));
            Assert.That(((FillEvent)snapshot.Events[1]).IsSnapshot, Is.True);

            Assert.That(pendingCapture.LimitPrice, Is.EqualTo(new Price(0.18328m)));
            Assert.That(newCapture.Status, Is.EqualTo(OrderStatus.Accepted));
            Assert.That(canceled.Status, Is.EqualTo(OrderStatus.Canceled));
            Assert.That(canceled.Reason, Is.EqualTo("User requested"));
            Assert.That(canceled.FilledQuantity, Is.EqualTo(new Quantity(0m)));
            Assert.That(amended.Quantity, Is.EqualTo(new Quantity(5.1m)));
            Assert.That(amended.LimitPrice, Is.EqualTo(new Price(0.96m)));
        });
    }

    [Test]
    public void Balances_SnapshotCountsSpotWalletsOnly_UpdatesCarryTheBalanceAfterAndTheTradeReference()
    {
        var snapshot = KrakenWsReaders.ReadBalances(Fixture("ws-balances-snapshot.json"), 1);
        var updates = Fixture("ws-balances-update-trade.json").EnumerateArray().SelectMany(m => KrakenWsReaders.ReadBalances(m, 2)).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(snapshot.Select(b => (b.Asset.Value, b.Total)), Is.EqualTo(new[] { ("BTC", 1.2m), ("MATIC", 300m), ("USD", 80595.4943m) }));
            Assert.That(snapshot, Has.All.Property(nameof(BalanceUpdate.IsSnapshot)).True);
            Assert.That(updates.Select(b => (b.Asset.Value, b.Total)), Is.EqualTo(new[] { ("BTC", 0.005m), ("USD", 500m) }));
            Assert.That(updates.Select(b => b.Reference).Distinct().Single(), Is.EqualTo("AGBB7L-HT5LX-J3BB4A"));
        });
    }

    [Test]
    public void Responses_SubscribeAcksPongAndErrors_ReadWithTheirKinds()
    {
        var bookAck = KrakenWsReaders.ReadResponse(Fixture("ws-book-subscribe-ack.json"));
        var executionsAck = KrakenWsReaders.ReadResponse(Fixture("ws-executions-subscribe-ack.json"));
        var pong = KrakenWsReaders.ReadResponse(Fixture("ws-pong.json"));
        var subscribeError = KrakenWsReaders.ReadResponse(Fixture("ws-subscribe-error-capture.json"));
        var addErrors = Fixture("ws-add-order-error-capture.json").EnumerateArray().Select(KrakenWsReaders.ReadResponse).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(bookAck.Success, Is.True);
            Assert.That(bookAck.Result.GetProperty("symbol").GetString(), Is.EqualTo("ALGO/USD"));
            Assert.That(bookAck.TimeOutNanoseconds - bookAck.TimeInNanoseconds, Is.EqualTo(45_000), "time_in/time_out to ns");
            Assert.That(executionsAck.Result.GetProperty("maxratecount").GetInt32(), Is.EqualTo(125));
            Assert.That((pong.Method, pong.RequestId, pong.Success), Is.EqualTo(("pong", (long?)101, true)));
            Assert.That(subscribeError.Success, Is.False);
            Assert.That(KrakenWsFrames.ToError(subscribeError).Kind, Is.EqualTo(VenueErrorKind.UnknownInstrument));
            Assert.That(addErrors.Select(e => KrakenWsFrames.ToError(e).Kind),
                Is.EqualTo(new[] { VenueErrorKind.PermissionDenied, VenueErrorKind.InvalidRequest, VenueErrorKind.InvalidRequest }));
            Assert.That(addErrors.Select(e => e.RequestId), Is.EqualTo(new long?[] { 0, 0, 7 }));
        });
    }

    [Test]
    public void TradingAnswers_EveryFixture_ReadIntoAcknowledgements()
    {
        var add = KrakenWsAckReaders.ReadOrderAck(KrakenWsReaders.ReadResponse(Fixture("ws-add-order-response.json")).Result, s_clientId);
        var addWithClientId = KrakenWsAckReaders.ReadOrderAck(KrakenWsReaders.ReadResponse(Fixture("ws-add-order-response-clordid-capture.json")).Result, s_clientId);
        var batch = KrakenWsAckReaders.ReadBatchAdd(KrakenWsReaders.ReadResponse(Fixture("ws-batch-add-response.json")).Result, [s_clientId, ClientOrderId.Create("q-2")]);
        var amend = KrakenWsAckReaders.ReadAmend(KrakenWsReaders.ReadResponse(Fixture("ws-amend-order-response.json")).Result);
        var cancels = Fixture("ws-cancel-order-response.json").EnumerateArray().Select(r => KrakenWsAckReaders.ReadCancelOrder(KrakenWsReaders.ReadResponse(r).Result)).ToArray();
        var batchCancel = KrakenWsAckReaders.ReadBatchCancel(KrakenWsReaders.ReadResponse(Fixture("ws-batch-cancel-response.json")));
        var batchCancelCapture = KrakenWsAckReaders.ReadBatchCancel(KrakenWsReaders.ReadResponse(Fixture("ws-batch-cancel-response-capture.json")));
        var cancelAll = KrakenWsAckReaders.ReadCancelAll(KrakenWsReaders.ReadResponse(Fixture("ws-cancel-all-response.json")).Result);
        var deadMan = KrakenWsAckReaders.ReadDeadManSwitch(KrakenWsReaders.ReadResponse(Fixture("ws-cancel-all-orders-after-response.json")).Result);
        var edit = KrakenWsAckReaders.ReadEditOrder(KrakenWsReaders.ReadResponse(Fixture("ws-edit-order-response.json")).Result);

        Assert.Multiple(() =>
        {
            Assert.That(add.VenueOrderId!.Value.Value, Is.EqualTo("AA5JGQ-SBMRC-SCJ7J7"));
            Assert.That(addWithClientId.VenueOrderId!.Value.Value, Is.EqualTo("OPS23M-VS41G-DDE5Z2"));
            Assert.That(batch.Select(b => b.Value!.VenueOrderId!.Value.Value), Is.EqualTo(new[] { "ORDERX-IDXXX-XXXXX1", "ORDERX-IDXXX-XXXXX2" }));
            Assert.That(amend.AmendId, Is.EqualTo("TTW6PD-RC36L-ZZSWNU"));
            Assert.That(cancels.Sum(c => c.Count), Is.EqualTo(2), "one answer per canceled order");
            Assert.That(batchCancel.Count, Is.EqualTo(3));
            Assert.That(batchCancelCapture.Count, Is.EqualTo(2));
            Assert.That(cancelAll.Count, Is.EqualTo(1));
            Assert.That(deadMan.IsArmed, Is.True);
            Assert.That((deadMan.TriggerTimeNanoseconds - deadMan.CurrentTimeNanoseconds) / 1_000_000_000, Is.EqualTo(100));
            Assert.That((edit.NewOrderId.Value, edit.OriginalOrderId.Value), Is.EqualTo(("ORDERX-IDXXX-XXXXX2", "ORDERX-IDXXX-XXXXX1")));
        });
    }

    [Test]
    public void Requests_OurWriterSendsTheDocumentedFieldsWithTheDocumentedValues()
    {
        var order = new OrderRequest(InstrumentId.Create("BTC/USD"), Side.Buy, OrderType.Limit, new Quantity(1.2m), s_clientId) { LimitPrice = new Price(26500.4m) };
        var add = Params(KrakenWsRequestWriter.AddOrder(order, "T", 123456789));
        var documentedAdd = Fixture("ws-add-order-request.json").GetProperty("params");
        var amend = Params(KrakenWsRequestWriter.AmendOrder(
            new AmendRequest(InstrumentId.Create("BTC/USD"), OrderReference.ByVenueId(VenueOrderId.Create("OAIYAU-LGI3M-PFM5VW"))) { NewLimitPrice = new Price(61031.3m), PostOnly = true }, "T", 1));
        var documentedAmend = Fixture("ws-amend-order-request.json").GetProperty("params");
        var batch = Params(KrakenWsRequestWriter.BatchAdd(
            [order with { Quantity = new Quantity(0.123456789m), LimitPrice = new Price(1010.1m) }, order with { Side = Side.Sell, ClientOrderId = ClientOrderId.Create("q-2") }], "T", 1));
        var cancel = Params(KrakenWsRequestWriter.CancelOrder(OrderReference.ByVenueId(VenueOrderId.Create("OM5CRX-N2HAL-GFGWE9")), "T", 1));
        var deadMan = Params(KrakenWsRequestWriter.CancelAllOrdersAfter(100, "T", 1));
        var book = Params(KrakenWsRequestWriter.Subscription("subscribe", "book", 1, "ALGO/USD", 10));
        var executions = Params(KrakenWsRequestWriter.Subscription("subscribe", "executions", 1, token: "T", flags: [new("snap_orders", true), new("snap_trades", true)]));
        var ping = JsonDocument.Parse(KrakenWsRequestWriter.Ping(101)).RootElement;

        Assert.Multiple(() =>
        {
            foreach (var field in new[] { "order_type", "side", "symbol" })
            {
                Assert.That(add.GetProperty(field).GetString(), Is.EqualTo(documentedAdd.GetProperty(field).GetString()), field);
            }

            Assert.That(add.GetProperty("limit_price").GetDecimal(), Is.EqualTo(documentedAdd.GetProperty("limit_price").GetDecimal()));
            Assert.That(add.GetProperty("order_qty").GetDecimal(), Is.EqualTo(documentedAdd.GetProperty("order_qty").GetDecimal()));
            Assert.That(add.GetProperty("cl_ord_id").GetString(), Is.EqualTo("q-1"));
            Assert.That(add.GetProperty("token").GetString(), Is.EqualTo("T"));
            Assert.That(amend.GetProperty("order_id").GetString(), Is.EqualTo(documentedAmend.GetProperty("order_id").GetString()));
            Assert.That(amend.GetProperty("limit_price").GetDecimal(), Is.EqualTo(documentedAmend.GetProperty("limit_price").GetDecimal()));
            Assert.That(amend.GetProperty("post_only").GetBoolean(), Is.True);
            Assert.That(batch.GetProperty("orders").GetArrayLength(), Is.EqualTo(Fixture("ws-batch-add-request.json").GetProperty("params").GetProperty("orders").GetArrayLength()));
            Assert.That(batch.GetProperty("orders")[0].GetProperty("order_qty").GetRawText(), Is.EqualTo("0.123456789"), "exact decimal digits on the wire");
            Assert.That(batch.GetProperty("symbol").GetString(), Is.EqualTo("BTC/USD"));
            Assert.That(cancel.GetProperty("order_id")[0].GetString(), Is.EqualTo(Fixture("ws-cancel-order-request.json").GetProperty("params").GetProperty("order_id")[0].GetString()));
            Assert.That(deadMan.GetProperty("timeout").GetInt32(), Is.EqualTo(Fixture("ws-cancel-all-orders-after-request.json").GetProperty("params").GetProperty("timeout").GetInt32()));
            Assert.That(book.GetProperty("channel").GetString(), Is.EqualTo(Fixture("ws-book-subscribe-request.json").GetProperty("params").GetProperty("channel").GetString()));
            Assert.That(book.GetProperty("symbol")[0].GetString(), Is.EqualTo("ALGO/USD"));
            Assert.That(executions.GetProperty("snap_trades").GetBoolean(), Is.EqualTo(Fixture("ws-executions-subscribe-request.json").GetProperty("params").GetProperty("snap_trades").GetBoolean()));
            Assert.That(JsonElement.DeepEquals(ping, Fixture("ws-ping.json")), Is.True, ping.GetRawText());
        });
    }
}
