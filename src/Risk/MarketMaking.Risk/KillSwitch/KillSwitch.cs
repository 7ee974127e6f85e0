using System.Globalization;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Risk;

/// <summary>
/// Watches the run and, when a trigger fires, takes its graded action (<see cref="KillSwitchAction"/>): stop quoting,
/// cancel all, or flatten. An in-loop handler: it reads books, connection states, order-entry answers and fills as they
/// pass, and checks the time-based triggers on its own ticks, so that in a backtest it runs on simulated time.
/// </summary>
/// <remarks>
/// <para>Trips are graded. One about the market or the connections (stale data, a venue disconnected) stands down by
/// itself once every book has fresh data and every connection is up for <see cref="KillSwitchOptions.ResumeAfterHealthy"/>;
/// one about money (drawdown, realized loss), the error rate or an operator's latches until <see cref="ResetAsync"/>.
/// Within each kind a trip only escalates: a milder action after a stronger one does nothing. Flatten first cancels every open
/// order; once an instrument has no open order left, it sends one marketable reducing order (IOC, priced
/// <see cref="KillSwitchOptions.FlattenSlippageBps"/> through the touch) and repeats until the position is flat.</para>
/// <para>Operators trip or reset it with <see cref="TripAsync"/> and <see cref="ResetAsync"/> from any thread.</para>
/// </remarks>
public sealed class KillSwitch : IEngineHandler, IDisposable
{
    /// <summary>The strategy name of the flattening orders.</summary>
    public const string FlattenStrategy = "kill-switch";

    private static readonly VenueId s_engine = VenueId.Create("engine");
    private readonly KillSwitchOptions _options;
    private readonly TradingControl _control;
    private readonly IOrderCommands _orders;
    private readonly BookKeeper _books;
    private (VenueId Venue, InstrumentId Instrument)[] _bookKeys = [];
    private readonly IPortfolio _portfolio;
    private readonly IVenueEventSink _loop;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Dictionary<(VenueId, InstrumentId), long> _lastData = [];
    private readonly Dictionary<(VenueId, string), long> _downSince = [];
    private readonly Queue<long> _errors = new();
    private readonly List<KillSwitchTripped> _trips = [];
    private readonly long _startedAt;
    private ITimer? _timer;
    private decimal? _peak;
    private KillSwitchAction _latched;
    private KillSwitchAction _recovering;
    private KillSwitchTrigger _recoveringTrigger;
    private long? _healthySince;

    /// <summary>Initializes the kill switch.</summary>
    /// <param name="options">The triggers and actions.</param>
    /// <param name="control">The trading state it sets.</param>
    /// <param name="orders">The OMS (cancels and flattening orders).</param>
    /// <param name="books">The books (staleness, flattening prices).</param>
    /// <param name="portfolio">Positions and PnL.</param>
    /// <param name="loop">The engine loop's sink (its ticks and reports).</param>
    /// <param name="clock">The clock.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    public KillSwitch(KillSwitchOptions options, TradingControl control, IOrderCommands orders, BookKeeper books, IPortfolio portfolio, IVenueEventSink loop, TimeProvider clock, ILogger<KillSwitch>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(books);
        ArgumentNullException.ThrowIfNull(portfolio);
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(clock);
        _options = options;
        _control = control;
        _orders = orders;
        _books = books;
        _portfolio = portfolio;
        _loop = loop;
        _clock = clock;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _startedAt = clock.GetUnixNanoseconds();
    }

    /// <inheritdoc/>
    public string Name => "kill-switch";

    /// <inheritdoc/>
    public EngineStage Stage => EngineStage.Risk;

    /// <summary>Gets the action in force: the stronger of the latched trips' and the market or connection trips' not yet stood down.</summary>
    public KillSwitchAction Action => _latched > _recovering ? _latched : _recovering;

    /// <summary>Gets the action latched until an operator resets it (trips about money, the error rate, an operator's).</summary>
    public KillSwitchAction LatchedAction => _latched;

    /// <summary>Gets how many times a market or connection trip stood down by itself.</summary>
    public int Resumptions { get; private set; }

    /// <summary>Gets every trip so far, in order.</summary>
    public IReadOnlyList<KillSwitchTripped> Trips => _trips;

    /// <summary>Starts the ticks that check the time-based triggers (done by the first event if not before).</summary>
    public void Start()
    {
        _timer ??= _clock.CreateTimer(static state => ((KillSwitch)state!).PostTick(), this, _options.CheckInterval, _options.CheckInterval);
    }

    /// <summary>Trips the kill switch by hand (from any thread): the action is taken on the engine loop.</summary>
    /// <param name="action">The action.</param>
    /// <param name="reason">Why.</param>
    /// <returns>Completes when the command is posted.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is <see cref="KillSwitchAction.None"/>.</exception>
    public ValueTask TripAsync(KillSwitchAction action, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(action, KillSwitchAction.None);
        return _loop.PostAsync(new KillSwitchCommand(s_engine, action, reason, _clock.GetUnixNanoseconds()));
    }

    /// <summary>Resets to active trading (from any thread), once the operator has dealt with the cause.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>Completes when the command is posted.</returns>
    public ValueTask ResetAsync(string reason) => _loop.PostAsync(new KillSwitchCommand(s_engine, KillSwitchAction.None, reason, _clock.GetUnixNanoseconds()));

    /// <inheritdoc/>
    public void OnEvent(VenueEvent venueEvent)
    {
        Start();
        var now = _clock.GetUnixNanoseconds();
        switch (venueEvent)
        {
            case BookSnapshot or BookDelta:
                var data = (MarketDataEvent)venueEvent;
                _lastData[(data.Venue, data.Instrument)] = now;
                break;
            case ConnectionStateChanged change when change.Current == ConnectionState.Connected:
                _downSince.Remove((change.Venue, change.Connection));
                break;
            case ConnectionStateChanged change:
                _downSince.TryAdd((change.Venue, change.Connection), now);
                break;
            case OrderEntryResult { Outcome: VenueOutcome.Unknown } or OrderEntryResult { Outcome: VenueOutcome.Failed, Error.NotSent: false }:
                // The venue's rejections and unknown outcomes only: a request held back here (our rate-limit model, a
                // local check) never reached the venue and says nothing about it.
                _errors.Enqueue(now);
                Evaluate(now);
                break;
            case FillEvent or KillSwitchTick:
                Evaluate(now);
                break;
            case KillSwitchCommand { Action: KillSwitchAction.None } reset:
                (_latched, _recovering, _healthySince) = (KillSwitchAction.None, KillSwitchAction.None, null);
                _peak = null;
                _control.Set(TradingState.Active, reset.Reason);
                Log.KillSwitchReset(_logger, reset.Reason);
                break;
            case KillSwitchCommand command:
                Trip(KillSwitchTrigger.Manual, command.Action, command.Reason, now);
                break;
        }

        if (Action == KillSwitchAction.Flatten && venueEvent is OrderEntryResult or OrderUpdate)
        {
            // A cancel or the last flattening order was answered: the next step may go now.
            ContinueFlattening();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _timer?.Dispose();

    private void Evaluate(long now)
    {
        var pnl = _portfolio.TotalPnl;
        _peak = _peak is { } peak ? Math.Max(peak, pnl) : pnl;
        if (_options.MaxDrawdown is { } maxDrawdown && _peak - pnl > maxDrawdown)
        {
            Trip(KillSwitchTrigger.Drawdown, _options.DrawdownAction, $"PnL {Format(pnl)} is {Format(_peak.Value - pnl)} below its peak {Format(_peak.Value)}, beyond {Format(maxDrawdown)}", now);
        }

        if (_options.MaxRealizedLoss is { } maxLoss && -_portfolio.RealizedPnl > maxLoss)
        {
            Trip(KillSwitchTrigger.RealizedLoss, _options.RealizedLossAction, $"realized PnL {Format(_portfolio.RealizedPnl)} is past the loss limit {Format(maxLoss)}", now);
        }

        if (_options.MaxMarketDataAge is { } maxAge)
        {
            foreach (var key in BookKeys())
            {
                var age = TimeSpan.FromTicks((now - _lastData.GetValueOrDefault(key, _startedAt)) / 100);
                if (age > maxAge)
                {
                    Trip(KillSwitchTrigger.StaleMarketData, _options.StaleMarketDataAction, $"{key.Instrument} on {key.Venue}: no book update for {age.TotalSeconds:0.#} s, beyond {maxAge.TotalSeconds:0.#} s", now);
                }
            }
        }

        if (_options.MaxDisconnected is { } maxDown)
        {
            foreach (var ((venue, connection), since) in _downSince)
            {
                var down = TimeSpan.FromTicks((now - since) / 100);
                if (down > maxDown)
                {
                    Trip(KillSwitchTrigger.VenueDisconnected, _options.DisconnectedAction, $"{venue} {connection} connection down for {down.TotalSeconds:0.#} s, beyond {maxDown.TotalSeconds:0.#} s", now);
                }
            }
        }

        while (_errors.Count > 0 && now - _errors.Peek() > 60_000_000_000)
        {
            _errors.Dequeue();
        }

        if (_options.MaxErrorsPerMinute is { } maxErrors && _errors.Count > maxErrors)
        {
            Trip(KillSwitchTrigger.ErrorRate, _options.ErrorRateAction, $"{_errors.Count} venue rejections or unknown outcomes of order requests in the last minute, beyond {maxErrors}", now);
        }

        StandDownWhenHealthy(now);

        if (Action >= KillSwitchAction.CancelAll)
        {
            // Until flat, each tick cancels again what is still open: an order acknowledged after the first sweep, or
            // one whose cancel the venue refused or a local hold gave up on. One already being canceled is left to it.
            CancelEverything();
        }

        if (Action == KillSwitchAction.Flatten)
        {
            ContinueFlattening();
        }
    }

    private void Trip(KillSwitchTrigger trigger, KillSwitchAction action, string reason, long now)
    {
        var recovers = trigger is KillSwitchTrigger.StaleMarketData or KillSwitchTrigger.VenueDisconnected && _options.ResumeAfterHealthy is not null;
        if (recovers)
        {
            // Still unhealthy: the wait for health starts over.
            _healthySince = null;
        }

        if (action <= Action)
        {
            if (recovers && action > _recovering)
            {
                (_recovering, _recoveringTrigger) = (action, trigger);
            }

            return;
        }

        if (recovers)
        {
            (_recovering, _recoveringTrigger) = (action, trigger);
        }
        else
        {
            _latched = action;
        }

        var tripped = new KillSwitchTripped(s_engine, trigger, action, reason, now);
        _trips.Add(tripped);
        Log.KillSwitchTripped(_logger, trigger, action, reason);
        Enforce(action, $"kill switch ({trigger}): {reason}");
        _ = _loop.PostAsync(tripped).AsTask();
    }

    /// <summary>Takes an action: sets the trading state and cancels or flattens.</summary>
    private void Enforce(KillSwitchAction action, string reason)
    {
        switch (action)
        {
            case KillSwitchAction.StopQuoting:
                _control.Escalate(TradingState.Reducing, reason);
                break;
            case KillSwitchAction.CancelAll:
                _control.Escalate(TradingState.Halted, reason);
                CancelEverything();
                break;
            case KillSwitchAction.Flatten:
                _control.Set(TradingState.Reducing, $"flattening: {reason}");
                CancelEverything();
                ContinueFlattening();
                break;
        }
    }

    /// <summary>Stands a market or connection trip down once every book is fresh and every connection up for long enough.</summary>
    private void StandDownWhenHealthy(long now)
    {
        if (_recovering == KillSwitchAction.None || _options.ResumeAfterHealthy is not { } resumeAfter)
        {
            return;
        }

        var fresh = _options.MaxMarketDataAge is not { } maxAge || EveryBookFresh(now, maxAge);
        if (!fresh || _downSince.Count > 0)
        {
            _healthySince = null;
            return;
        }

        _healthySince ??= now;
        var healthyFor = TimeSpan.FromTicks((now - _healthySince.Value) / 100);
        if (healthyFor < resumeAfter)
        {
            return;
        }

        var trigger = _recoveringTrigger;
        (_recovering, _healthySince) = (KillSwitchAction.None, null);
        Resumptions++;
        var reason = string.Create(CultureInfo.InvariantCulture, $"market data fresh and every connection up for {healthyFor.TotalSeconds:0.#} s");
        Log.KillSwitchResumed(_logger, trigger, reason);
        if (_latched == KillSwitchAction.None)
        {
            _control.Set(TradingState.Active, $"kill switch stood down from {trigger}: {reason}");
        }
        else
        {
            // A latched trip stays in force: its state, not the milder one's.
            _control.Set(_latched == KillSwitchAction.CancelAll ? TradingState.Halted : TradingState.Reducing, $"kill switch: {_latched} latched until an operator resets it");
        }

        _ = _loop.PostAsync(new KillSwitchResumed(s_engine, trigger, reason, now)).AsTask();
    }

    /// <summary>Cancels every open order except the kill switch's own flattening orders (IOC: they end by themselves).</summary>
    private void CancelEverything()
    {
        foreach (var venue in _orders.Venues)
        {
            _orders.CancelAll(venue, static order => order.Strategy != FlattenStrategy);
        }
    }

    /// <summary>For each instrument with a position and no open order left, sends one marketable reducing order.</summary>
    private void ContinueFlattening()
    {
        foreach (var ((venue, instrument), book) in _books.Books)
        {
            var position = _portfolio.PositionOf(venue, instrument);
            if (position == 0 || _orders.OpenOrders(venue, instrument).Count > 0 || book.BestBid is not { } bid || book.BestAsk is not { } ask)
            {
                continue;
            }

            var side = position > 0 ? Side.Sell : Side.Buy;
            var price = MarketablePrice.Through(book.Spec, side, bid.Price, ask.Price, _options.FlattenSlippageBps);
            var quantity = book.Spec.RoundDownToLot(new Quantity(Math.Abs(position)));
            if (quantity.Value > 0)
            {
                _orders.Submit(new OrderIntent(venue, instrument, side, OrderType.Limit, quantity)
                {
                    LimitPrice = price,
                    TimeInForce = TimeInForce.ImmediateOrCancel,
                    Strategy = FlattenStrategy,
                });
            }
        }
    }

    /// <summary>Whether every tracked book was updated within an age.</summary>
    private bool EveryBookFresh(long now, TimeSpan maxAge)
    {
        foreach (var key in BookKeys())
        {
            if (!_lastData.TryGetValue(key, out var last) || TimeSpan.FromTicks((now - last) / 100) > maxAge)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The tracked books' keys, copied again only when a book was added (books are never removed): each check walks them without allocating an enumerator.</summary>
    private (VenueId Venue, InstrumentId Instrument)[] BookKeys()
    {
        if (_bookKeys.Length != _books.Books.Count)
        {
            _bookKeys = [.. _books.Books.Keys];
        }

        return _bookKeys;
    }

    private void PostTick() => _ = _loop.PostAsync(new KillSwitchTick(s_engine, _clock.GetUnixNanoseconds())).AsTask();

    private static string Format(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
