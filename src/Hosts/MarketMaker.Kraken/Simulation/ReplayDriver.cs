using MarketMaker.Kraken.Trading;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MarketMaker.Kraken.Simulation;

/// <summary>
/// Replays the sim run's recordings once the trading stack is up: the quoted venue's simulator paces the quoted
/// venue's recording, and the hedge venue follows it to the same recorded time. At the end of the recording it stops
/// the host; during shutdown it keeps the hedge venue's clock moving so that its cancels are answered.
/// </summary>
internal sealed partial class ReplayDriver : BackgroundService
{
    private readonly SimulatedMarkets _markets;
    private readonly TradingService _trading;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<ReplayDriver> _logger;

    public ReplayDriver(SimulatedMarkets markets, TradingService trading, IHostApplicationLifetime lifetime, ILogger<ReplayDriver> logger)
    {
        _markets = markets;
        _trading = trading;
        _lifetime = lifetime;
        _logger = logger;
    }

    /// <summary>Gets whether the whole recording was replayed.</summary>
    public bool Completed { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await _trading.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        var hedge = _markets.HedgeVenue!;
        LogReplaying(_logger, _markets.Spec.Instrument.Value, _markets.Settings.Speed);
        var quoted = _markets.Quoted;
        try
        {
            while (!quoted.IsReplayComplete && !stoppingToken.IsCancellationRequested)
            {
                await quoted.ReplayAsync(100, stoppingToken).ConfigureAwait(false);
                await hedge.ReplayUntilAsync(await quoted.NowAsync().ConfigureAwait(false), stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }

        Completed = true;
        LogReplayed(_logger, quoted.EventsReplayed);
        _lifetime.StopApplication();
    }

    /// <summary>Moves the hedge venue's clock on by a second of replayed time, acting on the requests due by then.</summary>
    /// <returns>Completes when done.</returns>
    public Task AdvanceHedgeClockAsync() =>
        _markets.HedgeVenue is { } hedge ? hedge.ReplayUntilAsync(hedge.Venue.Now + 1_000_000_000) : Task.CompletedTask;

    [LoggerMessage(EventId = 9100, Level = LogLevel.Information, Message = "Replaying {Instrument} at {Speed}x real time")]
    private static partial void LogReplaying(ILogger logger, string instrument, double speed);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "End of the recording: {Events} events replayed; stopping")]
    private static partial void LogReplayed(ILogger logger, long events);
}
