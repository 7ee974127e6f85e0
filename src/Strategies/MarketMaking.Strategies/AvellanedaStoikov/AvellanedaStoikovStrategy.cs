using System.Collections.Immutable;
using MarketMaking.Models;
using MarketMaking.Oms;

namespace MarketMaking.Strategies;

/// <summary>
/// Quotes one bid and one ask where Avellaneda and Stoikov's model puts them (<see cref="AvellanedaStoikovModel"/>),
/// with the volatility σ (<see cref="MidVolatilityEstimator"/>) and the order-arrival decay κ
/// (<see cref="ArrivalDecayEstimator"/>) estimated online from the venue's own book and trades.
/// </summary>
/// <remarks>
/// <para>Units: γ in 1 / price, σ in price / √s, κ in 1 / price, τ in seconds; the inventory q is the strategy's
/// position in order sizes. With a finite <see cref="AvellanedaStoikovConfig.Horizon"/>, τ runs down to 0 over each
/// period and starts again; with none, the infinite-horizon reservation bid and ask are used with the smallest
/// ω the inventory bound allows.</para>
/// <para>It does not quote until both estimators are warm. The quotes are kept post-only (a bid at least a tick below
/// the best ask, an ask a tick above the best bid), at least <see cref="AvellanedaStoikovConfig.MinSpreadBps"/> apart,
/// and at |q| ≥ q_max only the side that reduces the position is quoted.</para>
/// </remarks>
public sealed class AvellanedaStoikovStrategy : IStrategy
{
    private readonly VenueId _venue;
    private readonly InstrumentId _instrument;

    // Reused at every requote.
    private readonly List<OmsOrder> _resting = [];
    private IStrategyContext _context = null!;
    private MidVolatilityEstimator _volatility;
    private ArrivalDecayEstimator _arrivals;
    private AvellanedaStoikovConfig _estimatorsBuiltFor;

    /// <summary>Initializes the strategy with a fixed configuration.</summary>
    /// <param name="config">The settings.</param>
    /// <param name="name">The strategy's name (tags its orders).</param>
    /// <exception cref="ArgumentException">The settings are invalid; the message lists why.</exception>
    public AvellanedaStoikovStrategy(AvellanedaStoikovConfig config, string name = "avellaneda-stoikov")
        : this(new ReloadableConfig<AvellanedaStoikovConfig>(config, AvellanedaStoikovConfigValidator.Validate, AvellanedaStoikovConfigValidator.ValidateChange), name)
    {
    }

    /// <summary>Initializes the strategy with a configuration that may change while it runs.</summary>
    /// <param name="config">The settings.</param>
    /// <param name="name">The strategy's name (tags its orders).</param>
    public AvellanedaStoikovStrategy(ReloadableConfig<AvellanedaStoikovConfig> config, string name = "avellaneda-stoikov")
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Config = config;
        Name = name;
        var current = config.Current;
        _venue = VenueId.Create(current.Venue);
        _instrument = InstrumentId.Create(current.Symbol);
        _estimatorsBuiltFor = current;
        (_volatility, _arrivals) = Estimators(current);
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>Gets the configuration.</summary>
    public ReloadableConfig<AvellanedaStoikovConfig> Config { get; }

    /// <summary>Gets the position from this strategy's fills, in base units.</summary>
    public decimal Position { get; private set; }

    /// <summary>Gets σ as estimated now, in price units per √second.</summary>
    public double Volatility => _volatility.Value;

    /// <summary>Gets κ as estimated now, in 1 / price units.</summary>
    public double ArrivalDecay => _arrivals.Value;

    /// <summary>Gets the last quotes computed, or <see langword="null"/> before the estimators are warm.</summary>
    public QuoteGrid? LastGrid { get; private set; }

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
        QuoteExecutor.CancelOwnOrdersAsync(_context.Orders, Name, _venue, [_instrument], cancellationToken);

    /// <inheritdoc/>
    public void OnBook(VenueId venue, OrderBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        if (venue == _venue && book.Spec.Instrument == _instrument && book.Mid is { } mid)
        {
            _volatility.Update((double)mid.Value, _context.Clock.GetUnixNanoseconds());
        }
    }

    /// <inheritdoc/>
    public void OnTrade(Trade trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        if (trade.Venue == _venue && trade.Instrument == _instrument
            && _context.Books.TryGetValue((_venue, _instrument), out var book) && book.Mid is { } mid)
        {
            _arrivals.Update((double)trade.Price.Value, (double)mid.Value, (double)book.Spec.TickSize.Value);
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
        if (fill.Instrument == _instrument)
        {
            Position += fill.Side == Side.Buy ? fill.Quantity.Value : -fill.Quantity.Value;
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

        RebuildEstimatorsIfTheirSettingsChanged(config);
        if (!_volatility.IsReady || !_arrivals.IsReady
            || !_context.Books.TryGetValue((_venue, _instrument), out var book) || book.SyncState != BookSyncState.Synced
            || book.Mid is not { } mid || book.BestBid is not { } bestBid || book.BestAsk is not { } bestAsk
            || !QuoteExecutor.TrySettledOrders(_context.Orders, Name, _venue, _instrument, _resting))
        {
            return;
        }

        var grid = Quotes(book.Spec, (double)mid.Value, bestBid.Price, bestAsk.Price, nowNanoseconds, config);
        LastGrid = grid;
        QuoteExecutor.Apply(_context, Name, _venue, _instrument, _resting, grid, config.RefreshToleranceBps);
    }

    /// <summary>The model's bid and ask for the current state, on tick, post-only and at least the minimum spread apart.</summary>
    private QuoteGrid Quotes(InstrumentSpec spec, double mid, Price bestBid, Price bestAsk, long nowNanoseconds, AvellanedaStoikovConfig config)
    {
        var gamma = config.RiskAversion;
        var sigma = Math.Max(_volatility.Value, mid * 1e-12);
        var kappa = _arrivals.Value;
        var maxInventory = config.MaxInventory;
        var q = (double)(Position / config.OrderSize);
        double bid;
        double ask;
        if (config.Horizon > TimeSpan.Zero)
        {
            var horizon = config.Horizon.Ticks * 100;
            var timeLeft = (horizon - (nowNanoseconds % horizon)) / 1e9;
            var reservation = AvellanedaStoikovModel.ReservationPrice(mid, q, gamma, sigma, timeLeft);
            var halfSpread = AvellanedaStoikovModel.Spread(gamma, sigma, timeLeft, kappa) / 2;
            (bid, ask) = (reservation - halfSpread, reservation + halfSpread);
        }
        else
        {
            var omega = AvellanedaStoikovModel.Omega(gamma, sigma, maxInventory);
            var bounded = Math.Clamp(q, -maxInventory, maxInventory);
            var distance = AvellanedaStoikovModel.QuoteDistance(gamma, kappa);
            bid = AvellanedaStoikovModel.ReservationBid(mid, bounded, gamma, sigma, omega) - distance;
            ask = AvellanedaStoikovModel.ReservationAsk(mid, bounded, gamma, sigma, omega) + distance;
        }

        var minSpread = mid * config.MinSpreadBps / 10_000;
        if (ask - bid < minSpread)
        {
            var center = (bid + ask) / 2;
            (bid, ask) = (center - (minSpread / 2), center + (minSpread / 2));
        }

        // Post-only: never at or through the other side, where a large inventory can put the model's quote.
        var tick = (double)spec.TickSize.Value;
        bid = Math.Min(bid, (double)bestAsk.Value - tick);
        ask = Math.Max(ask, (double)bestBid.Value + tick);
        var size = spec.RoundDownToLot(new Quantity(config.OrderSize));
        var bids = q < maxInventory && bid > 0 ? ImmutableArray.Create(new BookLevel(spec.RoundDownToTick(new Price((decimal)bid)), size)) : [];
        var asks = q > -maxInventory ? ImmutableArray.Create(new BookLevel(spec.RoundUpToTick(new Price((decimal)ask)), size)) : [];
        return new QuoteGrid(bids, asks, Skew: 0, SpreadMultiplier: 1);
    }

    private void RebuildEstimatorsIfTheirSettingsChanged(AvellanedaStoikovConfig config)
    {
        var before = _estimatorsBuiltFor;
        if (ReferenceEquals(before, config)
            || (before.VolatilitySampleInterval == config.VolatilitySampleInterval && before.VolatilityHalfLife == config.VolatilityHalfLife
                && before.VolatilityWarmUp == config.VolatilityWarmUp && before.ArrivalWindow == config.ArrivalWindow && before.ArrivalWarmUp == config.ArrivalWarmUp))
        {
            _estimatorsBuiltFor = config;
            return;
        }

        _estimatorsBuiltFor = config;
        (_volatility, _arrivals) = Estimators(config);
    }

    private static (MidVolatilityEstimator, ArrivalDecayEstimator) Estimators(AvellanedaStoikovConfig config) =>
        (new MidVolatilityEstimator(config.VolatilitySampleInterval, config.VolatilityHalfLife, config.VolatilityWarmUp),
         new ArrivalDecayEstimator(config.ArrivalWindow, config.ArrivalWarmUp));
}
