using System.Globalization;
using MarketMaker.Kraken.Configuration;
using MarketMaker.Kraken.StrategyHosting;
using MarketMaking.Inventory;
using MarketMaking.Models;
using MarketMaking.Oms;
using MarketMaking.Strategies;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarketMaker.Kraken.Monitoring;

/// <summary>
/// Samples the run every second (whether both sides are quoted, the largest net position) and logs the periodic lines
/// of the user's documents: <c>Orders: … total, … open, … filled</c>, <c>Hedges: … executed, $… volume</c>,
/// <c>Position: … BTC (avg entry: $…)</c>.
/// </summary>
internal sealed partial class RunMonitor : BackgroundService
{
    private readonly OrderManager _orders;
    private readonly InventoryManager _inventory;
    private readonly QuotedStrategy _strategy;
    private readonly RunOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<RunMonitor> _logger;
    private int _samples;
    private int _quotedSamples;
    private int _twoSidedSamples;
    private decimal _maxNet;

    public RunMonitor(OrderManager orders, InventoryManager inventory, QuotedStrategy strategy, IOptions<RunOptions> options, TimeProvider clock, ILogger<RunMonitor> logger)
    {
        _orders = orders;
        _inventory = inventory;
        _strategy = strategy;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>
    /// Gets the share of samples in which every side the strategy wanted to quote (its last grid) had an order resting,
    /// 0 to 1, counted from the first two-sided quote: how well the stack keeps the quotes the strategy asks for. A side
    /// the strategy leaves out on purpose (beyond its inventory extreme) is not downtime.
    /// </summary>
    public double QuoteUptime => _samples == 0 ? 0 : (double)_quotedSamples / _samples;

    /// <summary>Gets whether any sample counted: none until the first two-sided quote, so the uptimes mean nothing before.</summary>
    public bool HasSamples => _samples > 0;

    /// <summary>Gets the share of samples in which both sides had an order resting, 0 to 1, wanted or not.</summary>
    public double TwoSidedUptime => _samples == 0 ? 0 : (double)_twoSidedSamples / _samples;

    /// <summary>Gets the largest absolute net position of the base asset seen.</summary>
    public decimal MaxNetPosition => _maxNet;

    /// <summary>Takes one sample now (also called at the end, so that a run too short for any has one).</summary>
    /// <param name="final">Whether this is the end-of-run sample, taken after the cancels: it counts only when no other did.</param>
    public void Sample(bool final = false)
    {
        var instrument = _strategy.Instrument;

        // Resting at the venue: accepted, partly filled, or with an amend in flight (the order rests while it is amended).
        var resting = _orders.Read(store => store.Open(VenueIdOf(), instrument)
            .Where(o => o.Strategy == _strategy.Name && o.Status is OrderStatus.Accepted or OrderStatus.PartiallyFilled or OrderStatus.PendingAmend)
            .Select(o => o.Side).ToHashSet());
        var sides = resting.Count;
        var grid = _strategy.WantedGrid(instrument);
        var wantedResting = grid is null
            || ((grid.Bids.Length == 0 || resting.Contains(Side.Buy)) && (grid.Asks.Length == 0 || resting.Contains(Side.Sell)));
        var net = _inventory.Read(i => Math.Abs(i.NetPosition(i.AssetsOf(instrument).Base)));
        _maxNet = Math.Max(_maxNet, net);
        if ((final && _samples > 0) || (_samples == 0 && sides < 2 && !final))
        {
            // Uptime counts from the first two-sided quote: the seconds of connecting and subscribing are not downtime.
            return;
        }

        _samples++;
        if (!wantedResting && _logger.IsEnabled(LogLevel.Debug))
        {
            // Why a wanted side is empty: its orders' states (sent and not yet acknowledged, being canceled) and the rate budget.
            var states = _orders.Read(store => string.Join(", ", store.Open(VenueIdOf(), instrument).Where(o => o.Strategy == _strategy.Name)
                .GroupBy(o => (o.Side, o.Status)).Select(g => $"{g.Key.Side} {g.Key.Status} {g.Count()}")));
            var missing = (grid!.Bids.Length > 0 && !resting.Contains(Side.Buy), grid.Asks.Length > 0 && !resting.Contains(Side.Sell)) switch
            {
                (true, true) => "both sides",
                (true, false) => "the bid",
                _ => "the ask",
            };
            LogQuoteGap(_logger, missing, states.Length == 0 ? "none" : states, _orders.NewOrderHeadroom(VenueIdOf(), instrument));
        }

        _quotedSamples += sides > 0 && wantedResting ? 1 : 0;
        _twoSidedSamples += sides == 2 ? 1 : 0;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextReport = _clock.GetUtcNow() + _options.ReportInterval;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Sample();
                if (_clock.GetUtcNow() >= nextReport)
                {
                    nextReport += _options.ReportInterval;
                    Report();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Report()
    {
        LogLine(_logger, _orders.Summary());
        var instrument = _strategy.Instrument;
        var (hedges, volume, position, entry, asset) = _inventory.Read(i =>
        {
            var stats = i.Hedger?.Statistics;
            var quoted = i.Get(VenueIdOf(), instrument);
            return (stats?.Orders ?? 0, stats?.Notional ?? 0m, i.NetPosition(i.AssetsOf(instrument).Base), quoted?.AverageEntryPrice ?? 0m, i.AssetsOf(instrument).Base.Value);
        });
        LogLine(_logger, string.Create(CultureInfo.InvariantCulture, $"Hedges: {hedges} executed, ${volume:N2} volume"));
        LogLine(_logger, string.Create(CultureInfo.InvariantCulture, $"Position: {position:0.########} {asset} (avg entry: ${entry:N2})"));
    }

    private VenueId VenueIdOf() => _strategy.Venue;

    [LoggerMessage(EventId = 9001, Level = LogLevel.Debug, Message = "Quote gap: {Missing} not resting; open orders: {States}; new-order headroom {Headroom}")]
    private static partial void LogQuoteGap(ILogger logger, string missing, string states, int headroom);

    [LoggerMessage(EventId = 9000, Level = LogLevel.Information, Message = "{Line}")]
    private static partial void LogLine(ILogger logger, string line);
}
