using System.Net.WebSockets;
using MarketMaking.Adapters.Mexc;
using MarketMaking.Models;
using MarketMaking.Simulation.Servers;
using MarketMaking.Simulation.Venue;

namespace MarketMaking.Simulation.MexcProtocol;

/// <summary>
/// The simulator's shared state behind one gate: the simulated venue, what MEXC reports of our orders, the listen keys
/// and the connected clients. Replayed market data and client requests take turns on the venue, so a depth snapshot is
/// always the book as of the last push sent.
/// </summary>
internal sealed class MexcSimulatorCore
{
    /// <summary>The one simulated account every key trades on.</summary>
    public const string AccountId = "main";

    private readonly List<VenueEvent> _published = [];
    private readonly ConnectionSet<MexcSimulatorConnection> _connections = new();
    private readonly VenueGate _gate;
    private readonly Dictionary<InstrumentId, SimulatedInstrument> _byRecorded = [];
    private readonly Dictionary<string, MexcSimulatedOrder> _orders = new(StringComparer.Ordinal);
    private readonly HashSet<string> _listenKeys = new(StringComparer.Ordinal);
    private readonly RollingSecondCounter _orderRequests;
    private long _tradeIds = 700_000_000;
    private long _syntheticOrderIds;
    private int _depthSnapshots;

    public MexcSimulatorCore(MexcSimulatorOptions options, IReadOnlyList<SimulatedInstrument> instruments, TimeProvider timeProvider)
    {
        Options = options;
        TimeProvider = timeProvider;
        Venue = new SimulatedVenue(MexcVenue.SpotId, options.Venue, _published.Add);
        _gate = new VenueGate(Venue, SendUserDataAsync);
        _orderRequests = new RollingSecondCounter(timeProvider);
        foreach (var instrument in instruments)
        {
            Venue.AddInstrument(instrument.CreateVenueBook(), instrument.BaseAsset, instrument.QuoteAsset);
            _byRecorded[instrument.RecordedInstrument] = instrument;
            Instruments[instrument.Spec.Instrument] = instrument;
        }

        Venue.AddAccount(AccountId, options.Balances.ToDictionary(b => AssetId.Create(b.Key), b => b.Value));
        Signer = new MexcSpotSigner(options.ApiSecret);
    }

    public MexcSimulatorOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public SimulatedVenue Venue { get; }

    public MexcSpotSigner Signer { get; }

    public Dictionary<InstrumentId, SimulatedInstrument> Instruments { get; } = [];

    public int DepthSnapshotsServed => Volatile.Read(ref _depthSnapshots);

    public MexcSimulatorConnection[] Connections => _connections.Snapshot;

    /// <summary>Gets how many user stream connections (on a listen key) have subscribed to all three private channels, in all.</summary>
    public int UserStreamSubscriptions { get; private set; }

    /// <summary>Creates a listen key (MEXC's <c>POST userDataStream</c>).</summary>
    public string CreateListenKey()
    {
        lock (_listenKeys)
        {
            var key = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            _listenKeys.Add(key);
            return key;
        }
    }

    /// <summary>Whether a listen key is valid (keep-alive, connect).</summary>
    public bool IsListenKey(string? key)
    {
        lock (_listenKeys)
        {
            return key is not null && _listenKeys.Contains(key);
        }
    }

    /// <summary>Closes a listen key (MEXC's <c>DELETE userDataStream</c>).</summary>
    public bool CloseListenKey(string? key)
    {
        lock (_listenKeys)
        {
            return key is not null && _listenKeys.Remove(key);
        }
    }

    /// <summary>Counts an order-entry request against the account's limit per second; false when over it (MEXC's 429).</summary>
    public bool AdmitOrderRequest()
    {
        if (Options.OrderRequestsPerSecond is not { } limit)
        {
            return true;
        }

        return _orderRequests.TryAdmit(limit);
    }

    /// <summary>Serves an accepted client: its outgoing queue written in order, each of its messages handed on, until it goes.</summary>
    public Task ServeAsync(MexcSimulatorConnection connection, WebSocket socket, CancellationToken aborted, Func<ReadOnlyMemory<byte>, Task> onMessage) =>
        _connections.ServeAsync(connection, (connection.WriteLoopAsync, connection.Complete), socket, aborted, onMessage);

    /// <summary>Runs something on the venue and our orders under the gate; what it makes the venue publish goes to the user streams.</summary>
    public Task<T> RunAsync<T>(Func<SimulatedVenue, T> action) => _gate.RunAsync(action);

    /// <summary>Sends a request to the venue and acts on it at once (the replay clock moves by its latency), under the gate; then runs <paramref name="after"/> on the answer.</summary>
    public Task<T> RequestAsync<TAnswer, T>(Func<SimulatedVenue, Action<TAnswer>, long> send, Func<TAnswer, T> after) => _gate.RequestAsync(send, after);

    /// <summary>Remembers an order the venue took, under its venue order id; called under the gate.</summary>
    public void Remember(MexcSimulatedOrder order) => _orders[order.OrderId] = order;

    /// <summary>Finds one of our orders by MEXC order id or client order id; called under the gate.</summary>
    public MexcSimulatedOrder? Find(string symbol, string? orderId, string? clientOrderId) =>
        orderId is not null
            ? _orders.GetValueOrDefault(orderId) is { } byId && byId.Symbol == symbol ? byId : null
            : _orders.Values.Where(o => o.Symbol == symbol && o.ClientOrderId == clientOrderId).OrderByDescending(o => o.CreatedNanoseconds).FirstOrDefault();

    /// <summary>Our open orders on a symbol; called under the gate.</summary>
    public IEnumerable<MexcSimulatedOrder> Open(string symbol) =>
        _orders.Values.Where(o => o.Symbol == symbol && o.Status is "NEW" or "PARTIALLY_FILLED").OrderBy(o => o.CreatedNanoseconds);

    /// <summary>
    /// A post-only order that would take: MEXC's documentation does not say whether it is refused or taken and canceled;
    /// this simulator takes it under a new id and cancels it at once, on the user stream.
    /// </summary>
    public async Task<MexcSimulatedOrder> CancelAtOnceAsync(OrderRequest request, string type, string price)
    {
        return await _gate.RunAsync<MexcSimulatedOrder>(async () =>
        {
            var order = new MexcSimulatedOrder($"C02__sim{++_syntheticOrderIds}", request.ClientOrderId.Value, request.Instrument.Value, request.Side, type, price, request.Quantity.Value, Venue.Now)
            {
                Status = "CANCELED",
                UpdatedNanoseconds = Venue.Now,
            };
            _orders[order.OrderId] = order;
            await SendPrivateAsync(MexcSpotChannels.Orders, MexcPushWriter.Order(order, 4, Venue.Now)).ConfigureAwait(false);
            return order;
        }).ConfigureAwait(false);
    }

    /// <summary>Replays one recorded event: the venue applies it, and the pushes it makes go to every subscriber, in order.</summary>
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
            await SendUserDataAsync().ConfigureAwait(false);

            // Before the recording's first snapshot the venue has no book: nothing is published from it.
            if (!wasSynced || recorded is BookSnapshot)
            {
                return;
            }

            foreach (var connection in Connections)
            {
                foreach (var channel in connection.Channels)
                {
                    if (!channel.EndsWith("@" + served.Instrument.Value, StringComparison.Ordinal) || MexcPushWriter.Public(channel, served) is not { } frame)
                    {
                        continue;
                    }

                    if (served is BookDelta && connection.DepthPushesToSkip > 0)
                    {
                        connection.DepthPushesToSkip--;
                        continue;
                    }

                    await connection.SendBinaryAsync(frame).ConfigureAwait(false);
                }
            }
        }).ConfigureAwait(false);
    }

    /// <summary>The depth snapshot a REST client gets: the book's best levels and the last version they include, or <see langword="null"/> before the venue has a book.</summary>
    public async Task<byte[]?> DepthAsync(InstrumentId instrument, int limit)
    {
        return await _gate.RunAsync<byte[]?>(async () =>
        {
            var book = Venue.Engines[instrument].Book;
            if (book.SyncState != BookSyncState.Synced || book.LastUpdateId is not { } lastUpdateId)
            {
                return null;
            }

            _depthSnapshots++;
            return MexcRestWriter.Depth(lastUpdateId, book.GetLevels(Side.Buy, Math.Min(limit, book.BidDepth)), book.GetLevels(Side.Sell, Math.Min(limit, book.AskDepth)));
        }).ConfigureAwait(false);
    }

    /// <summary>Counts a user stream connection once it has subscribed to orders, deals and account; called under the gate.</summary>
    public void CountUserStream(MexcSimulatorConnection connection)
    {
        if (connection.ListenKey is not null && !connection.CountedAsUserStream
            && connection.Channels.IsSupersetOf([MexcSpotChannels.Orders, MexcSpotChannels.Deals, MexcSpotChannels.Account]))
        {
            connection.CountedAsUserStream = true;
            UserStreamSubscriptions++;
        }
    }

    /// <summary>Changes connections' state under the gate, so that no replayed push is half-way.</summary>
    public Task UpdateConnectionsAsync(Action update) => _gate.RunAsync(() =>
    {
        update();
        return Task.CompletedTask;
    });

    /// <summary>Turns what the venue published into MEXC's user stream pushes and what the REST queries report; called under the gate.</summary>
    private async Task SendUserDataAsync()
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
                    order.FilledQuantity += fill.Quantity.Value;
                    order.FilledQuote += fill.Price.Value * fill.Quantity.Value;
                    order.UpdatedNanoseconds = fill.TsEvent;
                    order.Status = order.FilledQuantity >= order.Quantity ? "FILLED" : "PARTIALLY_FILLED";
                    await SendPrivateAsync(MexcSpotChannels.Deals, MexcPushWriter.Deal(order, fill, (++_tradeIds).ToString(System.Globalization.CultureInfo.InvariantCulture))).ConfigureAwait(false);
                    await SendPrivateAsync(MexcSpotChannels.Orders, MexcPushWriter.Order(order, order.Status == "FILLED" ? 2 : 3, fill.TsEvent)).ConfigureAwait(false);
                    break;
                case OrderUpdate update when _orders.GetValueOrDefault(update.VenueOrderId.Value) is { } order:
                    if (update.Status is OrderStatus.Accepted)
                    {
                        await SendPrivateAsync(MexcSpotChannels.Orders, MexcPushWriter.Order(order, 1, update.TsEvent)).ConfigureAwait(false);
                    }
                    else if (update.Status is OrderStatus.Canceled or OrderStatus.Expired or OrderStatus.Rejected)
                    {
                        // An IOC's unfilled rest ends canceled on MEXC too; partly filled, PARTIALLY_CANCELED (5).
                        var partly = order.FilledQuantity > 0;
                        order.Status = partly ? "PARTIALLY_CANCELED" : "CANCELED";
                        order.UpdatedNanoseconds = update.TsEvent;
                        await SendPrivateAsync(MexcSpotChannels.Orders, MexcPushWriter.Order(order, partly ? 5 : 4, update.TsEvent)).ConfigureAwait(false);
                    }

                    break;
                case BalanceUpdate balance:
                    await SendPrivateAsync(MexcSpotChannels.Account, MexcPushWriter.Account(balance)).ConfigureAwait(false);
                    break;
            }
        }
    }

    private async Task SendPrivateAsync(string channel, byte[] frame)
    {
        foreach (var connection in Connections)
        {
            if (connection.ListenKey is not null && connection.Channels.Contains(channel))
            {
                await connection.SendBinaryAsync(frame).ConfigureAwait(false);
            }
        }
    }
}
