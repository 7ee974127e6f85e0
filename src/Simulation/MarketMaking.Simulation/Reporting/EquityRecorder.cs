using MarketMaking.Inventory;
using MarketMaking.Models;
using MarketMaking.Oms;

namespace MarketMaking.Simulation.Reporting;

/// <summary>
/// Samples the run once a second of the loop's clock (net PnL, net position, the quoted book's top and our best quotes,
/// as they are after the first event at or past each whole second) and measures, between events, how long our bid and
/// ask rested on the quoted venue and the time-weighted position. Add it to the loop after the inventory; read it once
/// the loop has stopped.
/// </summary>
public sealed class EquityRecorder : IEngineHandler
{
    private const long IntervalNanoseconds = 1_000_000_000;
    private readonly OrderManager _orders;
    private readonly BookKeeper _books;
    private readonly InventoryManager _inventory;
    private readonly TimeProvider _clock;
    private readonly VenueId _venue;
    private readonly InstrumentId _instrument;
    private readonly AssetId _baseAsset;
    private readonly List<EquitySample> _samples = [];
    private long _start = -1;
    private long _last;
    private long _nextSample;
    private bool _hadBid;
    private bool _hadAsk;
    private decimal _position;
    private long _bidNanoseconds;
    private long _askNanoseconds;
    private decimal _positionTime;
    private decimal _maxPosition;

    /// <summary>Initializes a recorder for the quoted venue and instrument.</summary>
    /// <param name="orders">The OMS (our resting orders).</param>
    /// <param name="books">The books (the quoted top of book).</param>
    /// <param name="inventory">The inventory (PnL and position).</param>
    /// <param name="clock">The loop's clock.</param>
    /// <param name="venue">The quoted venue.</param>
    /// <param name="instrument">The quoted instrument.</param>
    /// <param name="baseAsset">Its base asset (the position is netted over every venue in it).</param>
    public EquityRecorder(OrderManager orders, BookKeeper books, InventoryManager inventory, TimeProvider clock, VenueId venue, InstrumentId instrument, AssetId baseAsset)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(books);
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(clock);
        (_orders, _books, _inventory, _clock, _venue, _instrument, _baseAsset) = (orders, books, inventory, clock, venue, instrument, baseAsset);
    }

    /// <inheritdoc/>
    public string Name => "equity";

    /// <summary>Gets the samples, in time order.</summary>
    public IReadOnlyList<EquitySample> Samples => _samples;

    /// <inheritdoc/>
    public void OnEvent(VenueEvent venueEvent)
    {
        var now = _clock.GetUnixNanoseconds();
        if (_start < 0)
        {
            (_start, _last, _nextSample) = (now, now, now);
        }

        // The state before this event held since the last one.
        var elapsed = now - _last;
        _bidNanoseconds += _hadBid ? elapsed : 0;
        _askNanoseconds += _hadAsk ? elapsed : 0;
        _positionTime += Math.Abs(_position) * elapsed;
        _last = now;

        while (_nextSample <= now)
        {
            _samples.Add(Sample(_nextSample));
            _nextSample += IntervalNanoseconds;
        }

        _hadBid = _hadAsk = false;
        foreach (var order in _orders.Store.Open(_venue, _instrument))
        {
            _hadBid |= order.Side == Side.Buy;
            _hadAsk |= order.Side == Side.Sell;
        }

        _position = _inventory.NetPosition(_baseAsset);
        _maxPosition = Math.Max(_maxPosition, Math.Abs(_position));
    }

    /// <summary>Computes the statistics of the run so far.</summary>
    /// <param name="placed">Orders placed.</param>
    /// <param name="filled">Orders filled, wholly or partly.</param>
    /// <param name="volume">Base units traded.</param>
    /// <param name="turnover">Notional traded, in USD.</param>
    /// <returns>The statistics.</returns>
    public RunStatistics Statistics(int placed, int filled, decimal volume, decimal turnover)
    {
        var changes = new double[Math.Max(0, _samples.Count - 1)];
        for (var i = 1; i < _samples.Count; i++)
        {
            changes[i - 1] = (double)(_samples[i].NetPnl - _samples[i - 1].NetPnl);
        }

        var mean = changes.Length > 0 ? changes.Average() : 0;
        var deviation = changes.Length > 1 ? Math.Sqrt(changes.Sum(c => (c - mean) * (c - mean)) / (changes.Length - 1)) : 0;
        var downside = changes.Length > 0 ? Math.Sqrt(changes.Sum(c => c < 0 ? c * c : 0) / changes.Length) : 0;
        decimal peak = 0, drawdown = 0;
        foreach (var sample in _samples)
        {
            peak = Math.Max(peak, sample.NetPnl);
            drawdown = Math.Max(drawdown, peak - sample.NetPnl);
        }

        var final = _samples.Count > 0 ? _samples[^1].NetPnl : 0;
        var span = Math.Max(1, _last - _start);
        return new RunStatistics(
            IntervalNanoseconds / 1_000_000,
            deviation > 0 ? Math.Round(mean / deviation, 6) : 0,
            downside > 0 ? Math.Round(mean / downside, 6) : 0,
            decimal.Round(drawdown, 2),
            drawdown > 0 ? decimal.Round(final / drawdown, 4) : 0,
            placed > 0 ? decimal.Round((decimal)filled / placed, 4) : 0,
            volume,
            decimal.Round(turnover, 2),
            decimal.Round((decimal)_bidNanoseconds / span, 4),
            decimal.Round((decimal)_askNanoseconds / span, 4),
            decimal.Round(_positionTime / span, 8),
            _maxPosition);
    }

    private EquitySample Sample(long time)
    {
        var book = _books.Books.GetValueOrDefault((_venue, _instrument));
        decimal? ourBid = null, ourAsk = null;
        foreach (var order in _orders.Store.Open(_venue, _instrument))
        {
            if (order.LimitPrice is not { } price)
            {
                continue;
            }

            if (order.Side == Side.Buy)
            {
                ourBid = ourBid is { } bid ? Math.Max(bid, price.Value) : price.Value;
            }
            else
            {
                ourAsk = ourAsk is { } ask ? Math.Min(ask, price.Value) : price.Value;
            }
        }

        var fees = 0m;
        foreach (var position in _inventory.Positions)
        {
            fees += _inventory.ToUsd(position.Assets.Quote, position.FeesPaid);
        }

        var net = _inventory.TotalPnl;
        return new EquitySample(time, decimal.Round(net, 6), decimal.Round(net + fees, 6), _inventory.NetPosition(_baseAsset), book?.Mid?.Value, book?.BestBid?.Price.Value, book?.BestAsk?.Price.Value, ourBid, ourAsk);
    }
}
