using System.Collections.Immutable;
using MarketMaking.Models;
using MarketMaking.Oms;

namespace MarketMaking.Strategies;

/// <summary>
/// The bundled market-making strategy: on each refresh, for each instrument it quotes, it reads the features, builds
/// the quote grid (<see cref="QuoteGenerator"/>) from the mid, its signal, its position and the volatility, and moves
/// its resting quotes to the grid in the fewest changes (<see cref="QuoteDiffer"/>), post-only.
/// </summary>
/// <remarks>
/// <para>The signal is the weighted mean (<see cref="SignalWeights"/>) of features in [−1, 1]: the book imbalance over
/// the configured depths, the trade-flow imbalance, the microprice offset and the reference venue's mid against ours
/// (both as tanh of the offset over half the base spread), and the volume and order-flow imbalances as net over gross
/// flow. The position is this strategy's net fills per instrument.</para>
/// <para>While any of its orders on an instrument waits for an answer, that instrument is not requoted (no double
/// orders). The <see cref="QuoteExecutor"/> amends where the venue supports it, and when the venue's rate budget cannot
/// take every new order and amend, sends only the cancels; the rest waits for the next refresh.</para>
/// <para>The configuration may be reloaded while running (<see cref="Config"/>): a change takes effect at the next
/// refresh; changed feature windows start those features afresh.</para>
/// </remarks>
public sealed class MarketMakingStrategy : IStrategy
{
    private readonly VenueId _venue;
    private readonly VenueId? _referenceVenue;
    private readonly ImmutableArray<QuotedInstrument> _instruments;

    // Reused at every requote, so that requoting an unchanged market allocates nothing.
    private readonly List<OmsOrder> _resting = [];
    private MarketMakerConfig? _parametersOf;
    private QuoteParameters? _parameters;
    private IStrategyContext _context = null!;

    /// <summary>Initializes the strategy with a fixed configuration.</summary>
    /// <param name="config">The settings.</param>
    /// <param name="name">The strategy's name (tags its orders).</param>
    /// <exception cref="ArgumentException">The settings are invalid; the message lists why.</exception>
    public MarketMakingStrategy(MarketMakerConfig config, string name = "market-maker")
        : this(new ReloadableConfig<MarketMakerConfig>(config, MarketMakerConfigValidator.Validate, MarketMakerConfigValidator.ValidateChange), name)
    {
    }

    /// <summary>Initializes the strategy with a configuration that may change while it runs.</summary>
    /// <param name="config">The settings.</param>
    /// <param name="name">The strategy's name (tags its orders).</param>
    public MarketMakingStrategy(ReloadableConfig<MarketMakerConfig> config, string name = "market-maker")
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Config = config;
        Name = name;
        var current = config.Current;
        _venue = VenueId.Create(current.Venue);
        _referenceVenue = current.ReferenceVenue is { } reference ? VenueId.Create(reference) : null;
        _instruments = [.. current.Symbols.Select(symbol => new QuotedInstrument(InstrumentId.Create(symbol), current))];
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>Gets the configuration: offer a new one with <see cref="ReloadableConfig{T}.TryUpdate"/> or let it follow a file.</summary>
    public ReloadableConfig<MarketMakerConfig> Config { get; }

    /// <summary>Gets the instruments quoted.</summary>
    public IEnumerable<InstrumentId> Instruments => _instruments.Select(i => i.Instrument);

    /// <summary>Gets the position of the first instrument quoted (the only one, usually), in base units.</summary>
    public decimal Position => _instruments[0].Position;

    /// <summary>Gets the last grid quoted for the first instrument (the one the orders were last moved to or found at), or <see langword="null"/>.</summary>
    /// <remarks>A copy, made on each read: any thread may read it while the loop quotes.</remarks>
    public QuoteGrid? LastGrid => _instruments[0].Grid.Read();

    /// <summary>Gets the position of one instrument from this strategy's fills, in base units.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <returns>The net filled quantity, negative when short.</returns>
    /// <exception cref="KeyNotFoundException">The instrument is not quoted.</exception>
    public decimal PositionOf(InstrumentId instrument) => Find(instrument)?.Position ?? throw new KeyNotFoundException($"{instrument} is not quoted by {Name}.");

    /// <summary>Gets the last grid quoted for one instrument, or <see langword="null"/> before the first.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <returns>The grid.</returns>
    /// <remarks>A copy, made on each read: any thread may read it while the loop quotes.</remarks>
    public QuoteGrid? LastGridOf(InstrumentId instrument) => Find(instrument)?.Grid.Read();

    /// <inheritdoc/>
    public Task InitializeAsync(IStrategyContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        context.TimerInterval = Config.Current.RefreshInterval;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task ShutdownAsync(CancellationToken cancellationToken) =>
        QuoteExecutor.CancelOwnOrdersAsync(_context.Orders, Name, _venue, Instruments, cancellationToken);

    /// <inheritdoc/>
    public void OnBook(VenueId venue, OrderBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        if (venue == _venue && Find(book.Spec.Instrument) is { } quoted)
        {
            var now = _context.Clock.GetUnixNanoseconds();
            quoted.OnBook(book, now);

            // The book moved: refresh now rather than at the next tick, at most once per BookRefreshInterval.
            var config = Config.Current;
            if (config.BookRefreshInterval > TimeSpan.Zero && quoted.LastRefreshNanoseconds > 0
                && now - quoted.LastRefreshNanoseconds >= config.BookRefreshInterval.Ticks * 100)
            {
                quoted.Reset(config);
                Requote(quoted, config, ParametersOf(config));
            }
        }
    }

    /// <inheritdoc/>
    public void OnTrade(Trade trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        if (trade.Venue == _venue && Find(trade.Instrument) is { } quoted)
        {
            quoted.TradeFlow.Update((double)trade.Quantity.Value, trade.AggressorSide);
        }
    }

    /// <inheritdoc/>
    public void OnOrderEvent(OmsOrder order)
    {
    }

    /// <inheritdoc/>
    public void OnFill(FillEvent fill, OmsOrder order)
    {
        ArgumentNullException.ThrowIfNull(fill);
        if (Find(fill.Instrument) is { } quoted)
        {
            quoted.Position += fill.Side == Side.Buy ? fill.Quantity.Value : -fill.Quantity.Value;
        }
    }

    /// <inheritdoc/>
    public void OnTimer(long nowNanoseconds)
    {
        var config = Config.Current;
        if (_context.TimerInterval != config.RefreshInterval)
        {
            _context.TimerInterval = config.RefreshInterval;
        }

        var parameters = ParametersOf(config);
        foreach (var quoted in _instruments)
        {
            quoted.Reset(config);
            Requote(quoted, config, parameters);
        }
    }

    /// <summary>The quote parameters of a configuration, made again only when the configuration is reloaded.</summary>
    private QuoteParameters ParametersOf(MarketMakerConfig config)
    {
        if (!ReferenceEquals(config, _parametersOf))
        {
            (_parametersOf, _parameters) = (config, config.ToQuoteParameters());
        }

        return _parameters!;
    }

    private QuotedInstrument? Find(InstrumentId instrument)
    {
        foreach (var quoted in _instruments)
        {
            if (quoted.Instrument == instrument)
            {
                return quoted;
            }
        }

        return null;
    }

    private void Requote(QuotedInstrument quoted, MarketMakerConfig config, QuoteParameters parameters)
    {
        var instrument = quoted.Instrument;
        if (!_context.Books.TryGetValue((_venue, instrument), out var book) || book.SyncState != BookSyncState.Synced || book.Mid is not { } mid
            || !QuoteExecutor.TrySettledOrders(_context.Orders, Name, _venue, instrument, _resting))
        {
            return;
        }

        var perSide = Math.Max(0, parameters.OrdersPerSide);
        Span<BookLevel> bids = perSide <= QuoteGenerator.MaxLevelsOnStack ? stackalloc BookLevel[QuoteGenerator.MaxLevelsOnStack] : new BookLevel[perSide];
        Span<BookLevel> asks = perSide <= QuoteGenerator.MaxLevelsOnStack ? stackalloc BookLevel[QuoteGenerator.MaxLevelsOnStack] : new BookLevel[perSide];
        var (skew, multiplier) = QuoteGenerator.Levels(book.Spec, mid, Signal(quoted, book, config), quoted.Position, quoted.Volatility.Value * 10_000, parameters, ref bids, ref asks);
        quoted.LastRefreshNanoseconds = _context.Clock.GetUnixNanoseconds();
        if (!QuoteDiffer.IsInPlace(_resting, bids, asks, config.RefreshToleranceBps))
        {
            // The orders go out first; the grid (what off-loop readers see as LastGrid) is published after them, and only
            // when the orders move to a new one: most new grids differ from the last by less than the refresh tolerance
            // and change no order.
            QuoteExecutor.SendChanges(_context, Name, _venue, instrument, _resting, bids, asks, config.RefreshToleranceBps);
            if (!quoted.Grid.Has(bids, asks))
            {
                quoted.Grid.Publish(bids, asks, skew, multiplier);
            }
        }
    }

    private double Signal(QuotedInstrument quoted, OrderBook book, MarketMakerConfig config)
    {
        var weights = config.SignalWeights;
        var halfSpread = config.SpreadBps / 2;
        var sum = 0.0;
        var total = 0.0;
        Add(weights.BookImbalance, BookFeatures.Imbalance(book, config.ImbalanceDepths), ref sum, ref total);
        Add(weights.TradeFlow, quoted.TradeFlow.Value, ref sum, ref total);
        Add(weights.Microprice, Math.Tanh(BookFeatures.MicropriceOffsetBps(book) / halfSpread), ref sum, ref total);
        Add(weights.VolumeOrderImbalance, quoted.VolumeOrderImbalance.Normalized, ref sum, ref total);
        Add(weights.OrderFlowImbalance, quoted.OrderFlowImbalance.Normalized, ref sum, ref total);
        if (_referenceVenue is { } reference && _context.Books.TryGetValue((reference, quoted.Instrument), out var other) && other.SyncState == BookSyncState.Synced)
        {
            Add(weights.ReferenceMid, Math.Tanh(BookFeatures.ReferenceMidDifferenceBps(book, other) / halfSpread), ref sum, ref total);
        }

        return total > 0 ? sum / total : 0;

        static void Add(double weight, double feature, ref double sum, ref double total)
        {
            sum += weight * feature;
            total += weight;
        }
    }
}
