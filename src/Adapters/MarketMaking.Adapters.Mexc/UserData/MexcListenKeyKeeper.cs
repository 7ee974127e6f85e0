using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Adapters.Mexc;

/// <summary>
/// Owns the user-data-stream listen key: creates it, keeps it alive every
/// <see cref="MexcSpotOptions.ListenKeyKeepAliveInterval"/> (a key lives 60 min from its last keep-alive), creates a new
/// one when a keep-alive fails (and raises <see cref="Renewed"/>, so the private connection reopens with it), and
/// deletes it on <see cref="StopAsync"/>.
/// </summary>
/// <remarks>Source: MEXC Spot v3 docs, "Websocket User Data Streams" → "Listen Key"; <c>docs/protocol/mexc.md</c> §2. Timers run on the given <see cref="TimeProvider"/>.</remarks>
public sealed class MexcListenKeyKeeper : IAsyncDisposable
{
    private readonly MexcSpotRestClient _rest;
    private readonly TimeSpan _keepAliveInterval;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ITimer? _timer;
    private string? _listenKey;
    private bool _stopped;
    private int _disposed;

    /// <summary>Initializes a keeper; nothing is created until <see cref="AcquireAsync"/>.</summary>
    /// <param name="rest">The REST client that signs the calls.</param>
    /// <param name="keepAliveInterval">How often to keep the key alive (under 60 min).</param>
    /// <param name="timeProvider">The clock of the keep-alive timer.</param>
    /// <param name="logger">The logger, or <see langword="null"/>; the key itself is never logged.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The interval is not between zero and 60 min.</exception>
    public MexcListenKeyKeeper(MexcSpotRestClient rest, TimeSpan keepAliveInterval, TimeProvider timeProvider, ILogger<MexcListenKeyKeeper>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(rest);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(keepAliveInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(keepAliveInterval, TimeSpan.FromMinutes(60));
        _rest = rest;
        _keepAliveInterval = keepAliveInterval;
        _timeProvider = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Raised with the new key after a failed keep-alive was answered by creating one.</summary>
    public event EventHandler<string>? Renewed;

    /// <summary>Gets the current key, or <see langword="null"/> before the first <see cref="AcquireAsync"/>.</summary>
    public string? ListenKey => Volatile.Read(ref _listenKey);

    /// <summary>Gets how many keep-alives succeeded.</summary>
    public int KeepAlives { get; private set; }

    /// <summary>Gets how many times a new key replaced one that could not be kept alive.</summary>
    public int Renewals { get; private set; }

    /// <summary>Gets the current key, creating it (and starting the keep-alive timer) the first time.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The key, or why it could not be created.</returns>
    public async Task<VenueResult<string>> AcquireAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            if (_listenKey is { } key)
            {
                return VenueResult<string>.Success(key);
            }

            var created = await _rest.CreateListenKeyAsync(cancellationToken).ConfigureAwait(false);
            if (!created.IsSuccess)
            {
                Log.ListenKeyFailed(_logger, "create", created.Error!);
                return created;
            }

            Volatile.Write(ref _listenKey, created.Value);
            Log.ListenKey(_logger, "created");
            _timer ??= _timeProvider.CreateTimer(static state => _ = ((MexcListenKeyKeeper)state!).KeepAliveAsync(), this, _keepAliveInterval, _keepAliveInterval);
            return created;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Replaces the key with a new one now (after MEXC refused the private connection with the current one).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new key, or why it could not be created (the old one is kept).</returns>
    public async Task<VenueResult<string>> RenewAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RenewCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the keep-alive and deletes the key.</summary>
    /// <param name="cancellationToken">Cancels the delete call.</param>
    /// <returns>Completes when deleted (a failed delete is logged: the key expires within 60 min anyway).</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            if (_timer is not null)
            {
                await _timer.DisposeAsync().ConfigureAwait(false);
            }

            if (Interlocked.Exchange(ref _listenKey, null) is { } key)
            {
                var deleted = await _rest.DeleteListenKeyAsync(key, cancellationToken).ConfigureAwait(false);
                if (deleted.IsSuccess)
                {
                    Log.ListenKey(_logger, "deleted");
                }
                else
                {
                    Log.ListenKeyFailed(_logger, "delete", deleted.Error!);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private async Task KeepAliveAsync()
    {
        try
        {
            await _gate.WaitAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        try
        {
            if (_stopped || _listenKey is not { } key)
            {
                return;
            }

            var kept = await _rest.KeepAliveListenKeyAsync(key).ConfigureAwait(false);
            if (kept.IsSuccess)
            {
                KeepAlives++;
                Log.ListenKey(_logger, "kept alive");
                return;
            }

            Log.ListenKeyFailed(_logger, "keep-alive", kept.Error!);
            await RenewCoreAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<VenueResult<string>> RenewCoreAsync(CancellationToken cancellationToken)
    {
        var created = await _rest.CreateListenKeyAsync(cancellationToken).ConfigureAwait(false);
        if (!created.IsSuccess)
        {
            // The next tick tries again; the old key may still have minutes to live.
            Log.ListenKeyFailed(_logger, "renew", created.Error!);
            return created;
        }

        var old = Interlocked.Exchange(ref _listenKey, created.Value);
        Renewals++;
        Log.ListenKey(_logger, "renewed");
        if (old is not null)
        {
            // Best effort: MEXC allows 60 keys per account and an abandoned one expires within the hour.
            _ = _rest.DeleteListenKeyAsync(old, CancellationToken.None);
        }

        Renewed?.Invoke(this, created.Value);
        return created;
    }
}
