// Quotes BTC/USDT through the OMS against a Kraken-protocol venue until told how many orders to send, journaling
// everything; on start it restores from the journal and reconciles. Usage:
//   quoter <rest-url> <public-ws-url> <private-ws-url> <api-key> <api-secret> <journal> <orders> <seed>
// Prints "restored N orders" at start and the OMS summary at the end; exit code 0 when everything was canceled at the end.
using System.Globalization;
using MarketMaking.Adapters;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;
using MarketMaking.Oms;

var instrument = InstrumentId.Create("BTC/USDT");
var options = new KrakenOptions
{
    RestBaseUrl = new Uri(args[0]),
    PublicWebSocketUrl = new Uri(args[1]),
    PrivateWebSocketUrl = new Uri(args[2]),
    ApiKey = args[3],
    ApiSecret = args[4],
    DeadManSwitchRefreshInterval = TimeSpan.Zero,
    ModelTradingCounter = false,
    WebSocketRequestTimeout = TimeSpan.FromMilliseconds(500),
};
var orders = int.Parse(args[6], CultureInfo.InvariantCulture);
var random = new Random(int.Parse(args[7], CultureInfo.InvariantCulture));

using var journal = OrderJournal.Open(args[5], ownThread: true);
var history = journal.Read().ToList();
var lastCounter = history.Where(e => e.Kind == "intent").Select(e => e.Counter).DefaultIfEmpty(0).Max();
await using var loop = new EngineLoop();
using var oms = new OrderManager(loop.Sink, TimeProvider.System, new ClientOrderIdGenerator(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(), lastCounter), journal: journal);
oms.Restore(history);
Console.WriteLine($"restored {oms.Read(store => store.Count)} orders, {oms.Read(store => store.OpenCount)} open");

using var http = new HttpClient();
var rest = new KrakenSpotRestClient(http, options, TimeProvider.System);
await using var ws = new KrakenSpotWsClient(options, loop.Sink, TimeProvider.System, rest);
oms.RegisterExchange(KrakenVenue.Id, ws);
var reconcile = new ReconcileOnReconnect(KrakenVenue.Id, rest, new Reconciler(oms, ForeignOrderPolicy.Cancel), oms);
loop.AddHandler(oms);
loop.AddHandler(reconcile);
loop.Start();
await ws.StartAsync();
await ws.SubscribeBookAsync(instrument, 10);
var startReport = await reconcile.ReconcileAsync();
Console.WriteLine($"reconciled: {startReport}");
Console.Out.Flush();

for (var sent = 0; sent < orders;)
{
    if (ws.GetBook(instrument) is not { SyncState: BookSyncState.Synced, BestBid: { } bid, BestAsk: { } ask })
    {
        await Task.Delay(5);
        continue;
    }

    var open = oms.Read(store => store.Open(KrakenVenue.Id, instrument).ToArray()).Where(o => o.Status is OrderStatus.Accepted or OrderStatus.PartiallyFilled).ToArray();
    if (open.Length > 6 && random.NextDouble() < 0.5)
    {
        await loop.InvokeAsync(() => oms.Cancel(open[random.Next(open.Length)]));
    }
    else
    {
        var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
        var price = side == Side.Buy ? bid.Price.Value - (0.01m * random.Next(3)) : ask.Price.Value + (0.01m * random.Next(3));
        await loop.InvokeAsync(() => oms.Submit(new OrderIntent(KrakenVenue.Id, instrument, side, OrderType.Limit, new Quantity(0.001m)) { LimitPrice = new Price(price), PostOnly = true, Strategy = "quoter" }));
        sent++;
    }

    await Task.Delay(5);
}

// Shutdown: settle everything in flight, then cancel whatever rests.
await Task.Delay(1_000);
await reconcile.ReconcileAsync();
await loop.InvokeAsync(() => oms.CancelAll(KrakenVenue.Id));
for (var i = 0; i < 400 && oms.Read(store => store.Open(KrakenVenue.Id).ToArray()).Any(); i++)
{
    await Task.Delay(25);
}

await reconcile.ReconcileAsync();
var net = oms.Read(store => store.All.ToArray()).Sum(o => (o.Side == Side.Buy ? 1 : -1) * o.FilledQuantity.Value);
Console.WriteLine(oms.Summary());
Console.WriteLine($"net {net.ToString(CultureInfo.InvariantCulture)}");
return oms.Read(store => store.Open(KrakenVenue.Id).ToArray()).Any() ? 1 : 0;
