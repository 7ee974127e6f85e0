using System.Globalization;
using MarketMaking.Models;

namespace MarketMaking.Inventory;

/// <summary>
/// Keeps the inventory from the OMS's fills: a <see cref="Position"/> per venue and instrument (average entry, realized
/// and unrealized PnL marked to the mid, fees), the net position per asset across venues (BTC on Kraken BTC/USD and on
/// MEXC BTCUSDT is one BTC exposure), exposure in USD, and the limits' breaches; runs the hedging policy when one is
/// given. An in-loop handler placed after the OMS: each fill counts once (the OMS's applied fill), books mark positions.
/// </summary>
/// <remarks>
/// USD values: USD, USDT, USDC and ZUSD count at 1; another asset at the mid of any book quoting it against one of them.
/// A fee charged in the base asset is taken off the position and valued at the fill price.
/// </remarks>
public sealed class InventoryManager : IEngineHandler, ILoopBound, IPortfolio, IDisposable
{
    private static readonly HashSet<AssetId> s_dollars = [AssetId.Create("USD"), AssetId.Create("USDT"), AssetId.Create("USDC"), AssetId.Create("ZUSD")];
    private IEngineLoop? _owner;
    private readonly IOrderCommands _orders;
    private readonly BookKeeper _books;
    private readonly Dictionary<(VenueId, InstrumentId), Position> _positions = [];
    private readonly Dictionary<InstrumentId, AssetPair> _assets = [];
    private readonly Hedger? _hedger;

    /// <summary>Initializes the inventory manager.</summary>
    /// <param name="oms">The OMS whose fills it counts.</param>
    /// <param name="hedgingPolicy">The hedging policy, or <see langword="null"/> not to hedge.</param>
    /// <param name="positionLimits">The limits.</param>
    /// <param name="books">The books (marks and USD prices).</param>
    /// <param name="clock">The clock (hedge schedules).</param>
    /// <param name="loop">The engine loop's sink (hedge ticks).</param>
    /// <param name="hedgeOptions">Clip, slippage and tick interval of hedges; defaults when <see langword="null"/>.</param>
    public InventoryManager(IOrderCommands oms, IHedgingPolicy? hedgingPolicy, PositionLimits positionLimits, BookKeeper books, TimeProvider clock, IVenueEventSink loop, HedgeOptions? hedgeOptions = null)
    {
        ArgumentNullException.ThrowIfNull(oms);
        ArgumentNullException.ThrowIfNull(positionLimits);
        ArgumentNullException.ThrowIfNull(books);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(loop);
        _orders = oms;
        _books = books;
        Limits = positionLimits;
        _hedger = hedgingPolicy is null ? null : new Hedger(hedgingPolicy, this, oms, books, clock, loop, hedgeOptions ?? new HedgeOptions());
    }

    /// <inheritdoc/>
    public string Name => "inventory";

    /// <inheritdoc/>
    public EngineStage Stage => EngineStage.Inventory;

    /// <summary>Gets the limits.</summary>
    public PositionLimits Limits { get; }

    /// <summary>Gets the hedger, or <see langword="null"/> without a policy.</summary>
    public Hedger? Hedger => _hedger;

    /// <summary>Gets every position.</summary>
    public IReadOnlyCollection<Position> Positions => _positions.Values;

    /// <inheritdoc/>
    public decimal RealizedPnl
    {
        get
        {
            // Loops, not LINQ: the kill switch reads this on every check.
            var sum = 0m;
            foreach (var position in _positions.Values)
            {
                sum += ToUsd(position.Assets.Quote, position.RealizedPnl - position.FeesPaid + position.Funding);
            }

            return sum;
        }
    }

    /// <inheritdoc/>
    public decimal TotalPnl
    {
        get
        {
            var sum = 0m;
            foreach (var position in _positions.Values)
            {
                sum += ToUsd(position.Assets.Quote, position.NetPnl);
            }

            return sum;
        }
    }

    /// <summary>Gets the sum of absolute exposures of every non-dollar asset, in USD.</summary>
    public decimal TotalExposureUsd => _positions.Values.Select(p => p.Assets.Base).Distinct().Where(a => !s_dollars.Contains(a)).Sum(a => Math.Abs(ExposureUsd(a)));

    /// <summary>Declares an instrument's assets (needed when its symbol is not <c>BASE/QUOTE</c>, such as MEXC's <c>BTCUSDT</c>).</summary>
    /// <param name="instrument">The instrument.</param>
    /// <param name="assets">Its base and quote.</param>
    public void Track(InstrumentId instrument, AssetPair assets) => _assets[instrument] = assets;

    /// <summary>Returns an instrument's assets.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <returns>Its base and quote.</returns>
    /// <exception cref="InvalidOperationException">The symbol is not <c>BASE/QUOTE</c> and was not declared with <see cref="Track"/>.</exception>
    public AssetPair AssetsOf(InstrumentId instrument) =>
        _assets.TryGetValue(instrument, out var pair) || AssetPair.TryParse(instrument, out pair)
            ? pair
            : throw new InvalidOperationException($"The assets of {instrument} are unknown: declare them with Track (its symbol is not BASE/QUOTE).");

    /// <summary>Sets a position held before this run.</summary>
    /// <param name="venue">The venue.</param>
    /// <param name="instrument">The instrument.</param>
    /// <param name="quantity">The quantity, negative when short.</param>
    /// <param name="entryPrice">Its entry price.</param>
    public void SetStartingPosition(VenueId venue, InstrumentId instrument, decimal quantity, decimal entryPrice)
    {
        _owner?.EnsureOnLoop("A starting position");
        PositionFor(venue, instrument).Start(quantity, entryPrice);
    }

    /// <summary>Gets the position on one venue and instrument, or <see langword="null"/> before any.</summary>
    /// <param name="venue">The venue.</param>
    /// <param name="instrument">The instrument.</param>
    /// <returns>The position.</returns>
    public Position? Get(VenueId venue, InstrumentId instrument) => _positions.GetValueOrDefault((venue, instrument));

    /// <inheritdoc/>
    public decimal PositionOf(VenueId venue, InstrumentId instrument) => Get(venue, instrument)?.Quantity ?? 0m;

    /// <inheritdoc/>
    public decimal? LiquidationPriceOf(VenueId venue, InstrumentId instrument) => Get(venue, instrument)?.LiquidationPrice;

    /// <summary>Gets the net position of an asset across venues.</summary>
    /// <param name="asset">The asset, such as BTC.</param>
    /// <param name="venues">The venues counted, or <see langword="null"/> for all.</param>
    /// <returns>The net quantity, negative when short.</returns>
    public decimal NetPosition(AssetId asset, IReadOnlySet<VenueId>? venues = null)
    {
        // A loop, not a query: the backtest's recorders ask after every event.
        var net = 0m;
        foreach (var position in _positions.Values)
        {
            if (position.Assets.Base == asset && (venues is null || venues.Contains(position.Venue)))
            {
                net += position.Quantity;
            }
        }

        return net;
    }

    /// <summary>Gets the net position of an asset valued in USD.</summary>
    /// <param name="asset">The asset.</param>
    /// <returns>The signed exposure; 0 when no USD price is known.</returns>
    public decimal ExposureUsd(AssetId asset) => ToUsd(asset, NetPosition(asset));

    /// <summary>Lists the limits passed now, each as a sentence.</summary>
    /// <returns>The breaches; empty when within every limit.</returns>
    public IReadOnlyList<string> LimitBreaches()
    {
        var breaches = new List<string>();
        foreach (var position in _positions.Values)
        {
            var max = Limits.MaxPositionFor(position.Instrument.Value);
            if (Math.Abs(position.Quantity) > max)
            {
                breaches.Add(string.Create(CultureInfo.InvariantCulture, $"{position.Instrument} on {position.Venue}: position {position.Quantity} beyond ±{max}"));
            }
        }

        var total = TotalExposureUsd;
        if (total > Limits.MaxTotalExposureUsd)
        {
            breaches.Add(string.Create(CultureInfo.InvariantCulture, $"total exposure {total:0.##} USD beyond {Limits.MaxTotalExposureUsd:0.##} USD"));
        }

        return breaches;
    }

    /// <summary>
    /// Rebuilds positions, fees and PnL from fills applied before this run (the OMS restores them from its journal):
    /// call it once, before the engine loop runs, after the instruments are tracked. Nothing is hedged again.
    /// </summary>
    /// <param name="fills">The fills, in order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="fills"/> is null.</exception>
    public void Restore(IEnumerable<FillEvent> fills)
    {
        ArgumentNullException.ThrowIfNull(fills);
        _owner?.EnsureOnLoop("Restoring positions");
        foreach (var fill in fills)
        {
            Apply(fill);
        }
    }

    /// <summary>Adds back the funding payments received or paid before this run (the OMS restores them from its journal), after <see cref="Restore"/>.</summary>
    /// <param name="payments">The payments, in order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="payments"/> is null.</exception>
    public void RestoreFunding(IEnumerable<FundingPayment> payments)
    {
        ArgumentNullException.ThrowIfNull(payments);
        _owner?.EnsureOnLoop("Restoring funding");
        foreach (var payment in payments)
        {
            Apply(payment);
        }
    }

    /// <summary>Converts a fill's fee to the instrument's quote currency.</summary>
    /// <param name="fill">The fill.</param>
    /// <returns>The fee in quote currency.</returns>
    public decimal FeeInQuote(FillEvent fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        return fill.FeeAsset is { } asset && asset == AssetsOf(fill.Instrument).Base ? fill.Fee * fill.Price.Value : fill.Fee;
    }

    /// <summary>
    /// Runs a query on the inventory on the engine loop, between two of its messages, so that a thread other than the
    /// loop's (metrics, a dashboard, the final report) reads a consistent state without a lock: the calling thread waits
    /// for the loop to take it (at once on the loop itself, or while no loop runs). The query must copy what it returns,
    /// and be short.
    /// </summary>
    /// <typeparam name="T">The query's result.</typeparam>
    /// <param name="query">The query.</param>
    /// <returns>Its result.</returns>
    public T Read<T>(Func<InventoryManager, T> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _owner.Query(() => query(this));
    }

    /// <inheritdoc/>
    public void OnEvent(VenueEvent venueEvent)
    {
        ArgumentNullException.ThrowIfNull(venueEvent);
        Apply(venueEvent);
    }

    /// <inheritdoc/>
    public void Dispose() => _hedger?.Dispose();

    /// <inheritdoc/>
    public void BindTo(IEngineLoop loop) => _owner = loop;

    private void Apply(VenueEvent venueEvent)
    {
        _owner?.EnsureOnLoop("A position");
        FillEvent? applied = null;
        switch (venueEvent)
        {
            case FillEvent fill when ReferenceEquals(_orders.LastAppliedFill, fill):
                Apply(fill);
                applied = fill;
                break;
            case FundingPayment funding:
                Apply(funding);
                break;
            case PositionUpdate report when _positions.ContainsKey((report.Venue, report.Instrument)) || _books.Books.ContainsKey((report.Venue, report.Instrument)):
                // The venue's word on a position we trade (one on a symbol we do not quote is not ours to track).
                PositionFor(report.Venue, report.Instrument).ApplyVenueReport(report);
                break;
            case BookSnapshot or BookDelta when _books.LastChanged is { Mid: { } mid } book:
                var data = (MarketDataEvent)venueEvent;
                Get(data.Venue, book.Spec.Instrument)?.MarkTo(mid.Value);
                break;
        }

        _hedger?.OnEvent(venueEvent, applied);
    }

    private void Apply(FundingPayment funding)
    {
        var perpetual = PositionFor(funding.Venue, funding.Instrument);

        // Settled in the quote (USDT for USD-M and linear perpetuals); another asset is valued in USD.
        perpetual.ApplyFunding(funding.Asset == perpetual.Assets.Quote ? funding.Amount : ToUsd(funding.Asset, funding.Amount));
    }

    private void Apply(FillEvent fill)
    {
        var position = PositionFor(fill.Venue, fill.Instrument);
        var baseFee = fill.FeeAsset is { } asset && asset == position.Assets.Base ? fill.Fee : 0m;

        // A fee taken in the base asset leaves less of it: a buy of q delivers q − fee, a sell costs q + fee.
        var quantity = fill.Side == Side.Buy ? fill.Quantity.Value - baseFee : fill.Quantity.Value + baseFee;
        position.Apply(fill.Side, fill.Price.Value, quantity, FeeInQuote(fill));
        if (_books.Books.TryGetValue((fill.Venue, fill.Instrument), out var book) && book.Mid is { } mid)
        {
            position.MarkTo(mid.Value);
        }
    }

    private Position PositionFor(VenueId venue, InstrumentId instrument)
    {
        if (!_positions.TryGetValue((venue, instrument), out var position))
        {
            _positions[(venue, instrument)] = position = new Position(venue, instrument, AssetsOf(instrument));
        }

        return position;
    }

    /// <summary>
    /// Values an amount of an asset in USD: dollars and dollar stablecoins (USD, USDT, USDC …) at 1, any other asset at
    /// the mid of a book that quotes it in one; 0 when no book does. Read it on the loop or inside <see cref="Read{T}"/>.
    /// </summary>
    /// <param name="asset">The asset.</param>
    /// <param name="amount">The amount, in units of the asset.</param>
    /// <returns>The value in USD.</returns>
    public decimal ToUsd(AssetId asset, decimal amount)
    {
        if (amount == 0 || s_dollars.Contains(asset))
        {
            return amount;
        }

        foreach (var ((_, instrument), book) in _books.Books)
        {
            if (book.Mid is { } mid && (_assets.TryGetValue(instrument, out var pair) || AssetPair.TryParse(instrument, out pair))
                && pair.Base == asset && s_dollars.Contains(pair.Quote))
            {
                return amount * mid.Value;
            }
        }

        return 0m;
    }
}
