using System.Net.WebSockets;
using MarketMaking.Adapters.Bybit;
using MarketMaking.Models;
using MarketMaking.Simulation.Servers;
using MarketMaking.Simulation.Venue;

namespace MarketMaking.Simulation.BybitProtocol;

/// <summary>
/// The simulator's shared state behind one gate: the simulated venue, what Bybit reports of our orders and the
/// connected clients. Replayed market data and client requests take turns on the venue, so a snapshot pushed on a
/// subscription is the book as of the last delta sent.
/// </summary>
internal sealed class BybitSimulatorCore
{
    /// <summary>The one simulated account every key trades on.</summary>
    public const string AccountId = "main";

    private readonly List<VenueEvent> _published = [];
    private readonly ConnectionSet<BybitSimulatorConnection> _connections = new();
    private readonly VenueGate _gate;
    private readonly Dictionary<InstrumentId, SimulatedInstrument> _byRecorded = [];
    private readonly Dictionary<string, BybitSimulatedOrder> _orders = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RollingSecondCounter> _orderRequests = new(StringComparer.Ordinal);
    private readonly Dictionary<InstrumentId, long> _lastTicker = [];
    private int _tradeStreamRequests;
    private readonly object _protectionGate = new();
    private TimeSpan? _protectionWindow;
    private ITimer? _protection;
    private int _protectionTriggers;
    private long _executionIds = 500_000_000;
    private long _syntheticOrderIds;

    public BybitSimulatorCore(BybitSimulatorOptions options, IReadOnlyList<SimulatedInstrument> instruments, TimeProvider timeProvider)
    {
        Options = options;
        TimeProvider = timeProvider;
        Venue = new SimulatedVenue(BybitVenue.IdOf(options.Category), options.Venue, _published.Add);
        _gate = new VenueGate(Venue, SendPrivateAsync);
        foreach (var instrument in instruments)
        {
            Venue.AddInstrument(instrument.CreateVenueBook(), instrument.BaseAsset, instrument.QuoteAsset);
            _byRecorded[instrument.RecordedInstrument] = instrument;
            Instruments[instrument.Spec.Instrument] = instrument;
        }

        Venue.AddAccount(AccountId, options.Balances.ToDictionary(b => AssetId.Create(b.Key), b => b.Value));
        Signer = new BybitSigner(options.ApiKey, options.ApiSecret);
        Category = BybitVenue.WireName(options.Category);
    }

    public BybitSimulatorOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public SimulatedVenue Venue { get; }

    public BybitSigner Signer { get; }

    /// <summary>Gets the category's wire name, <c>spot</c> or <c>linear</c>.</summary>
    public string Category { get; }

    public Dictionary<InstrumentId, SimulatedInstrument> Instruments { get; } = [];

    /// <summary>The leverage of a symbol never set.</summary>
    public const int DefaultLeverage = 10;

    /// <summary>Gets the linear account's leverage per symbol (<see cref="DefaultLeverage"/> until set), changed under the gate.</summary>
    public Dictionary<InstrumentId, int> Leverage { get; } = [];

    /// <summary>Gets or sets the linear position mode: 0 one-way (the default), 3 hedge; changed under the gate.</summary>
    public int PositionMode { get; set; }

    /// <summary>Gets or sets the account's margin mode: <c>REGULAR_MARGIN</c> (cross, the default) or <c>ISOLATED_MARGIN</c>.</summary>
    public string MarginMode { get; set; } = "REGULAR_MARGIN";

    /// <summary>Gets the account's net position per instrument from its fills (signed quantity, signed cost in quote); changed under the gate.</summary>
    public Dictionary<InstrumentId, (decimal Quantity, decimal Cost)> Positions { get; } = [];

    /// <summary>Gets the PnL the linear account's fills realized, in the settle coin, fees not counted (<see cref="BybitPositionAccounting"/>); changed under the gate.</summary>
    public decimal RealizedPnl { get; private set; }

    /// <summary>Gets the fees the linear account's fills paid, in the settle coin (negative for rebates); changed under the gate.</summary>
    public decimal LinearFees { get; private set; }

    /// <summary>The account's position on an instrument as Bybit reports it; call under the gate.</summary>
    public BybitSimulatedPosition PositionOf(InstrumentId instrument)
    {
        var (quantity, cost) = Positions.GetValueOrDefault(instrument);
        var mid = Venue.Engines[instrument].Book.Mid is { } m ? m.Value : 0m;
        return new BybitSimulatedPosition(quantity, quantity == 0 ? 0m : cost / quantity, mid, Leverage.GetValueOrDefault(instrument, DefaultLeverage));
    }

    /// <summary>Gets how many private connections have subscribed to orders and executions, in all.</summary>
    public int PrivateSubscriptions { get; private set; }

    public BybitSimulatorConnection[] Connections => _connections.Snapshot;

    /// <summary>Counts an order-entry request against the account's rate on its endpoint (a rolling second); false when over it (<c>retCode</c> 10006).</summary>
    /// <summary>Gets the disconnection protection's window set for the category's product, or <see langword="null"/> when never set.</summary>
    public TimeSpan? ProtectionWindow
    {
        get
        {
            lock (_protectionGate)
            {
                return _protectionWindow;
            }
        }
    }

    /// <summary>Gets how many times the disconnection protection canceled our orders.</summary>
    public int ProtectionTriggers => Volatile.Read(ref _protectionTriggers);

    /// <summary>Gets whether the protection's window is running: every private connection subscribed to <c>dcp</c> is gone.</summary>
    public bool ProtectionRunning
    {
        get
        {
            lock (_protectionGate)
            {
                return _protection is not null;
            }
        }
    }

    /// <summary>Sets the disconnection protection's window (<c>/v5/order/disconnected-cancel-all</c>) for the category's product.</summary>
    public void SetProtectionWindow(TimeSpan window)
    {
        lock (_protectionGate)
        {
            _protectionWindow = window;
        }
    }

    /// <summary>
    /// A private connection subscribed to <c>dcp</c> ended: when no other live one is subscribed, the protection's window
    /// starts, and at its end every open order of ours is canceled (unless a connection subscribes <c>dcp</c> again first).
    /// </summary>
    public Task OnPrivateConnectionEndedAsync(BybitSimulatorConnection ended) => _gate.RunAsync(() =>
    {
        // Under the gate: the connections' topics change there (subscriptions).
        lock (_protectionGate)
        {
            if (_protectionWindow is { } window && SubscribesProtection(ended) && !Connections.Any(SubscribesProtection) && _protection is null)
            {
                _protection = TimeProvider.CreateTimer(_ => _ = CancelOnDisconnectionAsync(), null, window, Timeout.InfiniteTimeSpan);
            }
        }

        return Task.CompletedTask;
    });

    /// <summary>A private connection subscribed to <c>dcp</c> (called under the gate): a window running is stopped.</summary>
    public void OnProtectionSubscribed()
    {
        lock (_protectionGate)
        {
            _protection?.Dispose();
            _protection = null;
        }
    }

    /// <summary>Gets how many order requests came over the trade stream (after its auth and header checks).</summary>
    public int TradeStreamRequests => Volatile.Read(ref _tradeStreamRequests);

    public void CountTradeStreamRequest() => Interlocked.Increment(ref _tradeStreamRequests);

    public bool AdmitOrderRequest(string path)
    {
        var limit = Options.OrderRequestsPerSecond ?? (Options.Category == BybitCategory.Spot ? 20 : 10);
        return _orderRequests.GetOrAdd(path, _ => new RollingSecondCounter(TimeProvider)).TryAdmit(limit);
    }

    /// <summary>Serves an accepted client: its outgoing queue written in order, each of its messages handed on, until it goes.</summary>
    public Task ServeAsync(BybitSimulatorConnection connection, WebSocket socket, CancellationToken aborted, Func<ReadOnlyMemory<byte>, Task> onMessage) =>
        _connections.ServeAsync(connection, (connection.WriteLoopAsync, connection.Complete), socket, aborted, onMessage);

    /// <summary>Runs something on the venue and our orders under the gate; what it makes the venue publish goes to the private streams.</summary>
    public Task<T> RunAsync<T>(Func<SimulatedVenue, T> action) => _gate.RunAsync(action);

    /// <summary>Runs something that sends, under the gate (subscriptions and their snapshots).</summary>
    public Task RunAsync(Func<Task> action) => _gate.RunAsync(action);

    /// <summary>Sends a request to the venue and acts on it at once, under the gate; then runs <paramref name="after"/> on the answer, before the pushes it caused.</summary>
    public Task<T> RequestAsync<TAnswer, T>(Func<SimulatedVenue, Action<TAnswer>, long> send, Func<TAnswer, T> after) => _gate.RequestAsync(send, after);

    /// <summary>Remembers an order the venue took; called under the gate.</summary>
    public void Remember(BybitSimulatedOrder order) => _orders[order.OrderId] = order;

    /// <summary>Finds one of our orders by order id or order link id (the id wins when both are sent); called under the gate.</summary>
    public BybitSimulatedOrder? Find(string symbol, string? orderId, string? orderLinkId) =>
        orderId is { Length: > 0 }
            ? _orders.GetValueOrDefault(orderId) is { } byId && byId.Symbol == symbol ? byId : null
            : _orders.Values.Where(o => o.Symbol == symbol && o.OrderLinkId == orderLinkId).OrderByDescending(o => o.CreatedNanoseconds).FirstOrDefault();

    /// <summary>Our open orders on a symbol; called under the gate.</summary>
    public BybitSimulatedOrder[] Open(string symbol) => [.. _orders.Values.Where(o => o.Symbol == symbol && o.IsOpen).OrderBy(o => o.CreatedNanoseconds)];

    /// <summary>A post-only order that would take: accepted by Bybit, then canceled (<c>EC_PostOnlyWillTakeLiquidity</c>) on the private stream.</summary>
    public async Task<BybitSimulatedOrder> CancelAtOnceAsync(OrderRequest request, string price)
    {
        return await _gate.RunAsync<BybitSimulatedOrder>(async () =>
        {
            var order = new BybitSimulatedOrder($"sim-{++_syntheticOrderIds:D12}", request.ClientOrderId.Value, request.Instrument.Value, request.Side, false, "PostOnly", price, request.Quantity.Value, Venue.Now)
            {
                Status = "Cancelled",
                RejectReason = "EC_PostOnlyWillTakeLiquidity",
                UpdatedNanoseconds = Venue.Now,
            };
            _orders[order.OrderId] = order;
            await SendToPrivateAsync("order", BybitMessageWriter.Order(Category, order, Venue.Now)).ConfigureAwait(false);
            return order;
        }).ConfigureAwait(false);
    }

    /// <summary>Counts a private connection once it has subscribed to orders and executions; called under the gate.</summary>
    public void CountPrivateStream(BybitSimulatorConnection connection)
    {
        if (connection.IsPrivate && !connection.CountedAsPrivateStream && connection.Topics.ContainsKey("order") && connection.Topics.ContainsKey("execution"))
        {
            connection.CountedAsPrivateStream = true;
            PrivateSubscriptions++;
        }
    }

    /// <summary>
    /// The snapshot that starts a topic: a book's, the venue's whole book; a ticker's, every field (the recordings hold
    /// no mark price: it is the venue's mid); nothing for trades, or before the recording's first snapshot. Called under the gate.
    /// </summary>
    public async Task SendSnapshotAsync(BybitSimulatorConnection connection, string topic, InstrumentId instrument)
    {
        var book = Venue.Engines[instrument].Book;
        if (book.SyncState != BookSyncState.Synced || topic.StartsWith("publicTrade.", StringComparison.Ordinal))
        {
            return;
        }

        if (topic.StartsWith("tickers.", StringComparison.Ordinal))
        {
            if (MidOf(instrument) is { } mid)
            {
                await connection.SendAsync(BybitMessageWriter.Ticker(instrument, snapshot: true, mid, Options.FundingRate, NextFunding(Venue.Now), Venue.Now)).ConfigureAwait(false);
            }

            return;
        }

        var updateId = connection.Topics[topic] + 1;
        connection.Topics[topic] = updateId;
        await connection.SendAsync(BybitMessageWriter.Book(topic, "snapshot", instrument, book.GetLevels(Side.Buy, book.BidDepth), book.GetLevels(Side.Sell, book.AskDepth), updateId, Venue.Now)).ConfigureAwait(false);
    }

    /// <summary>Replays one recorded event: the venue applies it, and each book diff goes to every subscriber of its book as a delta with the topic's next <c>u</c>.</summary>
    public async Task ReplayAsync(MarketDataEvent recorded)
    {
        if (!_byRecorded.TryGetValue(recorded.Instrument, out var instrument))
        {
            return;
        }

        var served = recorded with { Instrument = instrument.Spec.Instrument };
        await _gate.RunAsync(async () =>
        {
            var wasSynced = Venue.Engines[served.Instrument].Book.SyncState == BookSyncState.Synced;
            Venue.OnMarketData(served);
            await SendPrivateAsync().ConfigureAwait(false);
            await SendTickerAsync(served).ConfigureAwait(false);
            if (served is Trade trade)
            {
                await SendToPublicAsync($"publicTrade.{served.Instrument.Value}", BybitMessageWriter.PublicTrade(trade, Venue.Now)).ConfigureAwait(false);
            }

            if (!wasSynced || served is not BookDelta delta)
            {
                return;
            }

            foreach (var connection in Connections.Where(c => !c.IsPrivate))
            {
                foreach (var topic in connection.Topics.Keys.Where(t => t.StartsWith("orderbook.", StringComparison.Ordinal) && t.EndsWith("." + served.Instrument.Value, StringComparison.Ordinal)).ToArray())
                {
                    var updateId = connection.Topics[topic] + 1;
                    connection.Topics[topic] = updateId;
                    if (connection.BookDeltasToSkip > 0)
                    {
                        connection.BookDeltasToSkip--;
                        continue;
                    }

                    await connection.SendAsync(BybitMessageWriter.Book(topic, "delta", served.Instrument, delta.Bids, delta.Asks, updateId, Venue.Now)).ConfigureAwait(false);
                }
            }
        }).ConfigureAwait(false);
    }

    private static bool SubscribesProtection(BybitSimulatorConnection connection) =>
        connection.IsPrivate && connection.Topics.Keys.Any(t => t.StartsWith("dcp", StringComparison.Ordinal));

    /// <summary>The window ended with no connection subscribed to <c>dcp</c>: every open order of ours is canceled (reported on the private stream).</summary>
    private async Task CancelOnDisconnectionAsync()
    {
        lock (_protectionGate)
        {
            _protection?.Dispose();
            _protection = null;
        }

        Interlocked.Increment(ref _protectionTriggers);
        await CancelOpenAsync(symbol: null).ConfigureAwait(false);
    }

    /// <summary>Cancels our open orders on a symbol (every symbol: <see langword="null"/>), each reported on the private stream; returns those canceled.</summary>
    public async Task<List<BybitSimulatedOrder>> CancelOpenAsync(string? symbol)
    {
        var canceled = new List<BybitSimulatedOrder>();
        foreach (var order in await RunAsync(_ => symbol is null ? _orders.Values.Where(o => o.IsOpen).ToArray() : Open(symbol)).ConfigureAwait(false))
        {
            if (await RequestAsync<VenueResult<CancelAck>, bool>(
                (venue, answer) => venue.Cancel(InstrumentId.Create(order.Symbol), new OrderReference(VenueOrderId.Create(order.OrderId), null), AccountId, answer),
                answer => answer is { IsSuccess: true }).ConfigureAwait(false))
            {
                canceled.Add(order);
            }
        }

        return canceled;
    }

    /// <summary>Sends a message to every public connection subscribed to the topic; called under the gate.</summary>
    private async Task SendToPublicAsync(string topic, byte[] message)
    {
        foreach (var connection in Connections.Where(c => !c.IsPrivate && c.Topics.ContainsKey(topic)))
        {
            await connection.SendAsync(message).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// On linear, every second of replayed time, a ticker delta (the mark and index price: the venue's mid) to the
    /// instrument's ticker subscribers; called under the gate.
    /// </summary>
    private async Task SendTickerAsync(MarketDataEvent served)
    {
        const long Second = 1_000_000_000L;
        var time = served.TsEvent > 0 ? served.TsEvent : served.TsInit;
        if (Options.Category != BybitCategory.Linear || time < _lastTicker.GetValueOrDefault(served.Instrument) + Second || MidOf(served.Instrument) is not { } mid)
        {
            return;
        }

        _lastTicker[served.Instrument] = time;
        await SendToPublicAsync($"tickers.{served.Instrument.Value}", BybitMessageWriter.Ticker(served.Instrument, snapshot: false, mid, Options.FundingRate, NextFunding(time), time)).ConfigureAwait(false);
    }

    /// <summary>The venue's mid, or <see langword="null"/> while a side is empty.</summary>
    private decimal? MidOf(InstrumentId instrument)
    {
        var book = Venue.Engines[instrument].Book;
        return book.BidDepth == 0 || book.AskDepth == 0
            ? null
            : (book.Spec.FromTicks(book.GetBid(0).PriceTicks).Value + book.Spec.FromTicks(book.GetAsk(0).PriceTicks).Value) / 2m;
    }

    /// <summary>The next 8-hourly funding time after a moment, ns since the Unix epoch.</summary>
    private static long NextFunding(long nowNanoseconds)
    {
        const long FundingPeriod = 8 * 3600 * 1_000_000_000L;
        return ((nowNanoseconds / FundingPeriod) + 1) * FundingPeriod;
    }

    /// <summary>Turns what the venue published into Bybit's private pushes and what the order endpoints report; called under the gate.</summary>
    private async Task SendPrivateAsync()
    {
        if (_published.Count == 0)
        {
            return;
        }

        var published = _published.ToArray();
        _published.Clear();
        foreach (var venueEvent in published)
        {
            switch (venueEvent)
            {
                case FillEvent fill when _orders.GetValueOrDefault(fill.VenueOrderId.Value) is { } order:
                    var signed = fill.Side == Side.Buy ? fill.Quantity.Value : -fill.Quantity.Value;
                    var (held, cost) = Positions.GetValueOrDefault(fill.Instrument);
                    var (quantity, positionCost, realized) = BybitPositionAccounting.Apply(held, cost, signed, fill.Price.Value);
                    Positions[fill.Instrument] = (quantity, positionCost);
                    order.FilledQuantity += fill.Quantity.Value;
                    order.FilledValue += fill.Price.Value * fill.Quantity.Value;
                    order.Fees += fill.Fee;
                    order.UpdatedNanoseconds = fill.TsEvent;
                    order.Status = order.FilledQuantity >= order.Quantity ? "Filled" : "PartiallyFilled";
                    await SendToPrivateAsync("execution", BybitMessageWriter.Execution(Category, order, fill, $"{++_executionIds}", Venue.Now)).ConfigureAwait(false);
                    await SendToPrivateAsync("order", BybitMessageWriter.Order(Category, order, Venue.Now)).ConfigureAwait(false);
                    if (Options.Category == BybitCategory.Linear && Instruments.TryGetValue(fill.Instrument, out var contract))
                    {
                        RealizedPnl += realized;
                        LinearFees += fill.Fee;
                        await SendToPrivateAsync("position", BybitMessageWriter.Position(fill.Instrument, PositionOf(fill.Instrument), Venue.Now)).ConfigureAwait(false);
                        await SendToPrivateAsync("wallet", BybitMessageWriter.Wallet([SettleCoin(contract.QuoteAsset)], Venue.Now)).ConfigureAwait(false);
                    }

                    if (Options.Category == BybitCategory.Spot && Instruments.TryGetValue(fill.Instrument, out var traded))
                    {
                        // The spot account's two coins after the fill.
                        var account = Venue.Accounts[AccountId];
                        await SendToPrivateAsync("wallet", BybitMessageWriter.Wallet(
                            [.. new[] { traded.BaseAsset, traded.QuoteAsset }.Select(a => (a.Value, account.Total(a), account.Held(a), account.Total(a)))], Venue.Now)).ConfigureAwait(false);
                    }

                    break;
                case OrderUpdate update when _orders.GetValueOrDefault(update.VenueOrderId.Value) is { } order:
                    if (update.Status is OrderStatus.Canceled or OrderStatus.Expired or OrderStatus.Rejected)
                    {
                        // An IOC's unfilled rest ends canceled on Bybit too; partly filled, PartiallyFilledCanceled.
                        order.Status = update.Status == OrderStatus.Rejected ? "Rejected" : order.FilledQuantity > 0 ? "PartiallyFilledCanceled" : "Cancelled";
                        order.RejectReason = update.Status == OrderStatus.Expired ? "EC_NoImmediateQtyToFill" : order.RejectReason;
                    }
                    else if (update.Status is not OrderStatus.Accepted)
                    {
                        break;
                    }

                    order.UpdatedNanoseconds = update.TsEvent;
                    await SendToPrivateAsync("order", BybitMessageWriter.Order(Category, order, Venue.Now)).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>
    /// The linear account's settle coin as the wallet reports it: its balance the starting one plus the realized PnL less
    /// the fees, its equity that plus every position's unrealized PnL at the mark (the book's mid); margin held by open
    /// orders and positions is not modelled (nothing locked). Call under the gate.
    /// </summary>
    private (string Coin, decimal Balance, decimal Locked, decimal Equity) SettleCoin(AssetId coin)
    {
        var balance = Options.Balances.GetValueOrDefault(coin.Value) + RealizedPnl - LinearFees;
        var unrealized = Positions.Keys.Select(PositionOf).Sum(p => p.Quantity * (p.MarkPrice - p.EntryPrice));
        return (coin.Value, balance, 0m, balance + unrealized);
    }

    private async Task SendToPrivateAsync(string topic, byte[] message)
    {
        foreach (var connection in Connections)
        {
            if (connection.IsPrivate && connection.IsAuthenticated && connection.Topics.ContainsKey(topic))
            {
                await connection.SendAsync(message).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Checks a stream's <c>op: auth</c> arguments (private or trade): the key, an expiry still ahead, and the HMAC of <c>GET/realtime</c> and the expiry.</summary>
    /// <returns>Whether accepted, and Bybit's message when not.</returns>
    public (bool Accepted, string Why) AuthenticateStream(System.Text.Json.JsonElement[] args)
    {
        if (args.Length != 3 || args[0].GetString() != Options.ApiKey || !args[1].TryGetInt64(out var expires))
        {
            return (false, "Invalid apikey or params");
        }

        if (expires <= TimeProvider.GetUtcNow().ToUnixTimeMilliseconds())
        {
            return (false, "Params Error: expires is in the past");
        }

        return args[2].GetString() == Signer.SignWebSocketAuth(expires) ? (true, string.Empty) : (false, "Invalid sign");
    }
}
