using Microsoft.Extensions.Hosting;

namespace MarketMaker.Kraken.Trading;

/// <summary>Stops the host after <c>--duration</c>, counted from when trading is up.</summary>
internal sealed class DurationLimit : BackgroundService
{
    private readonly TimeSpan _duration;
    private readonly TradingService _trading;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _clock;

    public DurationLimit(TimeSpan duration, TradingService trading, IHostApplicationLifetime lifetime, TimeProvider clock)
    {
        _duration = duration;
        _trading = trading;
        _lifetime = lifetime;
        _clock = clock;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _trading.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
            await Task.Delay(_duration, _clock, stoppingToken).ConfigureAwait(false);
            _lifetime.StopApplication();
        }
        catch (OperationCanceledException)
        {
        }
    }
}
