using MarketMaking.Models;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters.Kraken;

/// <summary>
/// Keeps Kraken's dead-man switch (<c>cancel_all_orders_after</c>) armed while our orders rest: armed when the first
/// order rests, refreshed every interval while any does, left to lapse harmlessly once none does, and disarmed
/// (timeout 0) on a clean shutdown. If the process dies or loses its connection for longer than the timeout, Kraken
/// cancels every order of the account.
/// </summary>
/// <remarks>
/// Source: <see href="https://docs.kraken.com/api/docs/websocket-v2/cancel_after"/> (Kraken suggests a 60 s timeout
/// refreshed every 15–30 s). A failed refresh is retried at the next tick.
/// </remarks>
internal sealed class KrakenDeadManSwitch : IAsyncDisposable
{
    private readonly Func<TimeSpan, CancellationToken, Task<VenueResult<DeadManSwitchStatus>>> _send;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ITimer? _timer;
    private volatile bool _ordersResting;
    private volatile bool _stopped;
    private long _lastArmed = long.MinValue;

    public KrakenDeadManSwitch(
        Func<TimeSpan, CancellationToken, Task<VenueResult<DeadManSwitchStatus>>> send, TimeSpan timeout, TimeSpan refreshInterval, TimeProvider timeProvider, ILogger logger)
    {
        _send = send;
        _timeout = timeout;
        _refreshInterval = refreshInterval;
        _timeProvider = timeProvider;
        _logger = logger;
        if (refreshInterval > TimeSpan.Zero)
        {
            _timer = timeProvider.CreateTimer(static state => _ = ((KrakenDeadManSwitch)state!).RefreshAsync(), this, refreshInterval, refreshInterval);
        }
    }

    /// <summary>Gets whether the switch is on at Kraken as far as we know (armed and not yet lapsed).</summary>
    public bool IsArmed { get; private set; }

    /// <summary>Gets how many times the switch was armed or refreshed successfully.</summary>
    public int ArmCount { get; private set; }

    /// <summary>Tells the switch whether any of our orders rest; the first resting order arms it at once.</summary>
    public void SetOrdersResting(bool resting)
    {
        _ordersResting = resting;
        if (resting && !IsArmed && _timer is not null)
        {
            _ = RefreshAsync();
        }
    }

    /// <summary>Arms the switch again at once when orders rest (after a reconnection, Kraken's suggestion).</summary>
    public Task RearmAsync() => _ordersResting ? RefreshAsync() : Task.CompletedTask;

    /// <summary>Stops refreshing and turns the switch off at Kraken (a clean shutdown).</summary>
    public async Task DisarmAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsArmed)
            {
                var result = await _send(TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
                IsArmed = !result.IsSuccess;
                Log.DeadManSwitch(_logger, "disarm", result.IsSuccess, result.Error?.ToString());
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopped = true;
        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task RefreshAsync()
    {
        // A refresh already under way is enough.
        if (_stopped || !await _gate.WaitAsync(0).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            if (IsArmed && _lastArmed != long.MinValue && _timeProvider.GetElapsedTime(_lastArmed) >= _timeout)
            {
                IsArmed = false;
            }

            if (!_ordersResting || _stopped)
            {
                return;
            }

            var result = await _send(_timeout, CancellationToken.None).ConfigureAwait(false);
            if (result.IsSuccess)
            {
                IsArmed = true;
                ArmCount++;
                _lastArmed = _timeProvider.GetTimestamp();
            }

            Log.DeadManSwitch(_logger, "arm", result.IsSuccess, result.Error?.ToString());
        }
        finally
        {
            _gate.Release();
        }
    }
}
