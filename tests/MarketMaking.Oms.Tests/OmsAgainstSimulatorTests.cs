using MarketMaking.Adapters;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;
using MarketMaking.Simulation.KrakenProtocol;
using MarketMaking.Testing;

namespace MarketMaking.Oms.Tests;

/// <summary>
/// The OMS with the real Kraken adapter against the venue simulator over loopback, with faults injected: random
/// submits, amends and cancels, then the OMS's open orders and fills compared with the simulator's.
/// </summary>
public sealed class OmsAgainstSimulatorTests
{
    private static readonly InstrumentId s_served = InstrumentId.Create("BTC/USDT");

    private static Task WaitForAsync(Func<bool> condition, string what, int seconds = 30) => Eventually.WaitForAsync(condition, what, rounds: seconds * 200);

    [Test]
    public async Task ThousandRandomOrdersWithDisconnectsLostAcksAndDuplicates_OmsAgreesWithTheVenue_AndNothingIsLeftOpen()
    {
        // Rate limits off on both sides: the test is about faults, and 1,000 orders in seconds would exceed any tier.
        var simulatorOptions = new KrakenSimulatorOptions { EnforceRateLimits = false, Faults = SimulatorFaultOptions.Parse("disconnect-every=4000,drop-ack=0.03,duplicate-execution=0.05") };
        simulatorOptions.Venue.Seed = 11;
        await using var server = await KrakenSimulatorSetup.StartSpotBtcUsdtAsync(simulatorOptions);
        var krakenOptions = KrakenSimulatorSetup.ClientOptions(server, simulatorOptions);
        krakenOptions.WebSocketRequestTimeout = TimeSpan.FromMilliseconds(500);
        krakenOptions.WebSocket = new WebSocketConnectionOptions { InitialReconnectDelay = TimeSpan.FromMilliseconds(20), MaxReconnectDelay = TimeSpan.FromMilliseconds(100) };
        await using var loop = new EngineLoop();
        using var http = new HttpClient();
        var rest = new KrakenSpotRestClient(http, krakenOptions, TimeProvider.System);
        await using var ws = new KrakenSpotWsClient(krakenOptions, loop.Sink, TimeProvider.System, rest);
        using var oms = new OrderManager(loop.Sink, TimeProvider.System, new ClientOrderIdGenerator(1_723_075_200));
        oms.RegisterExchange(KrakenVenue.Id, ws);
        var reconcile = new ReconcileOnReconnect(KrakenVenue.Id, rest, new Reconciler(oms, ForeignOrderPolicy.Cancel), oms);
        loop.AddHandler(oms);
        loop.AddHandler(reconcile);
        loop.Start();
        await ws.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await ws.SubscribeBookAsync(s_served, 10);
        await server.ReplayAsync(2_000);
        await WaitForAsync(() => ws.GetBook(s_served) is { SyncState: BookSyncState.Synced, BidDepth: > 0, AskDepth: > 0 }, "a synced book");

        var random = new Random(42);
        var operations = new Dictionary<string, int> { ["submit"] = 0, ["amend"] = 0, ["cancel"] = 0 };
        var checkpoints = new List<string>();
        for (var op = 0; op < 1_000; op++)
        {
            if (op % 100 == 99)
            {
                // A checkpoint: the replay is paused, so the venue changes only by our requests; once every answer is
                // in, a reconciliation must leave the OMS's open orders equal to the venue's.
                checkpoints.Add(await CheckpointAsync(ws, reconcile, oms, server));
            }

            if (op % 20 == 0)
            {
                await server.ReplayAsync(350);
            }

            var book = ws.GetBook(s_served);
            if (book?.BestBid is not { } bid || book.BestAsk is not { } ask)
            {
                await Task.Delay(10);
                continue;
            }

            var open = oms.Read(store => store.Open(KrakenVenue.Id, s_served).ToArray()).Where(o => o.Status is OrderStatus.Accepted or OrderStatus.PartiallyFilled).ToArray();
            var roll = random.NextDouble();
            if (open.Length < 4 || roll < 0.5)
            {
                var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
                var offset = 0.01m * random.Next(0, 5);
                var price = side == Side.Buy ? bid.Price.Value - offset : ask.Price.Value + offset;
                await loop.InvokeAsync(() => oms.Submit(new OrderIntent(KrakenVenue.Id, s_served, side, OrderType.Limit, new Quantity(0.001m)) { LimitPrice = new Price(price), PostOnly = true, Strategy = "random" }));
                operations["submit"]++;
            }
            else if (roll < 0.75)
            {
                var order = open[random.Next(open.Length)];
                var step = order.Side == Side.Buy ? -0.01m : 0.01m;
                operations["amend"] += (await loop.InvokeAsync(() => oms.Amend(order, null, new Price(order.LimitPrice!.Value.Value + step)))) ? 1 : 0;
            }
            else
            {
                operations["cancel"] += (await loop.InvokeAsync(() => oms.Cancel(open[random.Next(open.Length)]))) ? 1 : 0;
            }

            await Task.Delay(1);
        }

        // Every request answered or timed out (an answer the venue dropped leaves its order Unknown after the request
        // time-out), then one more reconciliation with the venue settled.
        await WaitForAsync(() => ws.PrivateState == ConnectionState.Connected && reconcile.Running.IsCompleted, "connected and reconciled");
        await WaitForAsync(
            () => !oms.Read(store => store.Open(KrakenVenue.Id).ToArray()).Any(o => o.Status is OrderStatus.PendingNew or OrderStatus.PendingAmend or OrderStatus.PendingCancel),
            "every request answered or timed out");
        var final = await reconcile.ReconcileAsync();
        await WaitForAsync(
            () => !oms.Read(store => store.Open(KrakenVenue.Id).ToArray()).Any(o => o.Status is OrderStatus.PendingNew or OrderStatus.PendingAmend or OrderStatus.PendingCancel or OrderStatus.Unknown),
            $"no request left in flight: {string.Join(", ", oms.Read(store => store.Open(KrakenVenue.Id).ToArray()).Where(o => o.Status is not (OrderStatus.Accepted or OrderStatus.PartiallyFilled)))}");

        var engine = server.Venue.Engines[s_served];
        var venueOpen = engine.RestingOrders.Select(o => o.ClientOrderId).ToHashSet();
        var omsOpen = oms.Read(store => store.Open(KrakenVenue.Id).ToArray()).Select(o => o.ClientOrderId).ToHashSet();
        var account = server.Venue.Accounts["main"];
        var omsBtc = oms.Read(store => store.All.ToArray()).Sum(o => (o.Side == Side.Buy ? 1 : -1) * o.FilledQuantity.Value);
        var venueBtc = account.Total(AssetId.Create("BTC")) - 10m;
        TestContext.Out.WriteLine($"{operations["submit"]} submits, {operations["amend"]} amends, {operations["cancel"]} cancels; {oms.Summary()}; reconciliations {reconcile.Count}; last {final}; private connections {ws.PrivateConnectionCount}");

        Assert.Multiple(() =>
        {
            Assert.That(checkpoints, Has.All.Empty, "at every checkpoint the open orders agreed");
            Assert.That(checkpoints, Has.Count.EqualTo(10));
            Assert.That(final.Succeeded, Is.True, final.ToString());
            Assert.That(ws.PrivateConnectionCount, Is.GreaterThan(2), "disconnects were injected");
            Assert.That(omsOpen, Is.EquivalentTo(venueOpen), "the OMS's open orders are the venue's");
            Assert.That(omsBtc, Is.EqualTo(venueBtc), "every fill counted once: the OMS's net filled quantity is the venue's balance change");
            Assert.That(oms.Read(store => store.All.ToArray()).Where(o => o.FilledQuantity.Value > o.Quantity.Value), Is.Empty, "no order overfilled");
        });

        // Shutdown: nothing of ours is left open at the venue.
        await loop.InvokeAsync(() => oms.CancelAll(KrakenVenue.Id));
        await WaitForAsync(() => engine.RestingOrders.Count == 0 || !oms.Read(store => store.Open(KrakenVenue.Id).ToArray()).Any(), "cancels answered");
        await WaitForAsync(() => engine.RestingOrders.Count == 0, "nothing resting at the venue");
    }

    /// <summary>Waits for every answer, reconciles, and returns how the open orders differ from the venue's ("" when equal).</summary>
    private static async Task<string> CheckpointAsync(KrakenSpotWsClient ws, ReconcileOnReconnect reconcile, OrderManager oms, KrakenSimulatorServer server)
    {
        static bool InFlight(OmsOrder o) => o.Status is OrderStatus.PendingNew or OrderStatus.PendingAmend or OrderStatus.PendingCancel or OrderStatus.Unknown;
        await WaitForAsync(() => ws.PrivateState == ConnectionState.Connected && reconcile.Running.IsCompleted, "connected before the checkpoint");
        for (var i = 0; i < 400 && oms.Read(store => store.Open(KrakenVenue.Id).ToArray()).Any(o => o.Status is OrderStatus.PendingNew or OrderStatus.PendingAmend or OrderStatus.PendingCancel); i++)
        {
            await Task.Delay(5);
        }

        var report = await reconcile.ReconcileAsync();
        await WaitForAsync(() => !oms.Read(store => store.Open(KrakenVenue.Id).ToArray()).Any(InFlight), "settled at the checkpoint");
        var venueOpen = server.Venue.Engines[s_served].RestingOrders.Select(o => o.ClientOrderId.Value).ToHashSet();
        var omsOpen = oms.Read(store => store.Open(KrakenVenue.Id).ToArray()).Select(o => o.ClientOrderId.Value).ToHashSet();
        return venueOpen.SetEquals(omsOpen) && report.Succeeded
            ? string.Empty
            : $"venue only: {string.Join(",", venueOpen.Except(omsOpen))}; OMS only: {string.Join(",", omsOpen.Except(venueOpen))}; {report}";
    }
}
