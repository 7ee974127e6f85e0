using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Binance;

/// <summary>
/// Binance's order-count limits (<c>rateLimitType</c> <c>ORDERS</c>: new orders per 10 s, per minute or per day, per
/// account), kept by the client so that <c>-1015</c> ("Too many new orders") is never met: at most nine tenths of each
/// limit in any sliding window (<see cref="OrderCountWindow"/>). An order that does not fit waits for room up to a
/// bound, then is refused unsent. Placing, a batch's each order and futures' amend count; cancels do not.
/// </summary>
/// <remarks>
/// Until <c>exchangeInfo</c>'s <c>rateLimits</c> are read (<see cref="BinanceOrderEntryClient.ReadOrderRateLimitsAsync"/>),
/// the documented defaults: spot 50 per 10 s and 160,000 per day; USD-M and COIN-M 300 per 10 s and 1,200 per minute.
/// Sources: <see href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/limits"/>,
/// <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info"/>. Thread-safe.
/// </remarks>
internal sealed class BinanceOrderRate
{
    private const double Share = 0.9;
    private readonly object _gate = new();
    private readonly TimeProvider _clock;
    private readonly TimeSpan _maxWait;
    private readonly long _origin;
    private OrderCountWindow[] _windows;

    public BinanceOrderRate(BinanceMarket market, TimeProvider clock, TimeSpan maxWait)
    {
        _clock = clock;
        _maxWait = maxWait;
        _origin = clock.GetTimestamp();
        _windows = market == BinanceMarket.Spot
            ? Windows([(TimeSpan.FromSeconds(10), 50), (TimeSpan.FromDays(1), 160_000)])
            : Windows([(TimeSpan.FromSeconds(10), 300), (TimeSpan.FromMinutes(1), 1_200)]);
    }

    /// <summary>Gets the limits kept: each window and the venue's limit in it.</summary>
    public IReadOnlyList<(TimeSpan Window, int Limit)> Limits
    {
        get
        {
            lock (_gate)
            {
                return [.. _windows.Select(w => (w.Window, w.Limit))];
            }
        }
    }

    /// <summary>Reads <c>exchangeInfo</c>'s <c>rateLimits</c>: its <c>ORDERS</c> entries, each window and limit.</summary>
    /// <param name="exchangeInfo">The <c>exchangeInfo</c> answer.</param>
    /// <returns>The limits, none when it lists no <c>ORDERS</c> limit.</returns>
    /// <exception cref="JsonException">An entry's interval is not <c>SECOND</c>, <c>MINUTE</c>, <c>HOUR</c> or <c>DAY</c>, or a number is missing.</exception>
    public static IReadOnlyList<(TimeSpan Window, int Limit)> Read(JsonElement exchangeInfo)
    {
        if (!exchangeInfo.TryGetProperty("rateLimits", out var limits) || limits.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var read = new List<(TimeSpan, int)>();
        foreach (var limit in limits.EnumerateArray().Where(l => l.TryGetProperty("rateLimitType", out var type) && type.GetString() == "ORDERS"))
        {
            var count = limit.TryGetProperty("intervalNum", out var n) && n.TryGetInt32(out var number) ? number : throw new JsonException("An ORDERS rate limit needs its intervalNum");
            var unit = limit.TryGetProperty("interval", out var i) ? i.GetString() : null;
            var window = unit switch
            {
                "SECOND" => TimeSpan.FromSeconds(count),
                "MINUTE" => TimeSpan.FromMinutes(count),
                "HOUR" => TimeSpan.FromHours(count),
                "DAY" => TimeSpan.FromDays(count),
                _ => throw new JsonException($"An ORDERS rate limit's interval is SECOND, MINUTE, HOUR or DAY, not '{unit}'"),
            };
            read.Add((window, limit.TryGetProperty("limit", out var l) && l.TryGetInt32(out var most) ? most : throw new JsonException("An ORDERS rate limit needs its limit")));
        }

        return read;
    }

    /// <summary>Replaces the limits kept with those <c>exchangeInfo</c> gives (read before trading: the counts start again); none given keeps the defaults.</summary>
    public void Use(IReadOnlyList<(TimeSpan Window, int Limit)> limits)
    {
        if (limits.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            _windows = Windows(limits);
        }
    }

    /// <summary>Waits for room for <paramref name="orders"/> new orders and counts them; or says why they are not sent.</summary>
    /// <param name="orders">How many orders the request places.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns><see langword="null"/> when counted (send now); else a transient, unsent <see cref="VenueErrorKind.RateLimited"/>.</returns>
    public async ValueTask<VenueError?> AdmitAsync(int orders, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        while (true)
        {
            TimeSpan wait;
            OrderCountWindow? full = null;
            lock (_gate)
            {
                var now = _clock.GetElapsedTime(_origin).Ticks;
                wait = TimeSpan.Zero;
                foreach (var window in _windows)
                {
                    var needed = window.WaitFor(orders, now);
                    if (needed > wait)
                    {
                        (wait, full) = (needed, window);
                    }
                }

                if (wait == TimeSpan.Zero)
                {
                    foreach (var window in _windows)
                    {
                        window.Add(orders, now);
                    }

                    return null;
                }
            }

            if (waited + wait > _maxWait)
            {
                return new VenueError(VenueErrorKind.RateLimited, true, null, string.Create(CultureInfo.InvariantCulture, $"Not sent: Binance's {full!.Limit} orders per {Describe(full.Window)} would be exceeded")) { RetryAfter = wait, NotSent = true };
            }

            await Task.Delay(wait, _clock, cancellationToken).ConfigureAwait(false);
            waited += wait;
        }
    }

    /// <summary>Gets how many new orders fit now in every window, without waiting.</summary>
    public int Headroom
    {
        get
        {
            lock (_gate)
            {
                var now = _clock.GetElapsedTime(_origin).Ticks;
                var room = int.MaxValue;
                foreach (var window in _windows)
                {
                    room = Math.Min(room, window.RoomAt(now));
                }

                return room;
            }
        }
    }

    /// <summary>Takes back orders counted by <see cref="AdmitAsync"/> that were refused before reaching the venue.</summary>
    public void Refund(int orders)
    {
        lock (_gate)
        {
            var now = _clock.GetElapsedTime(_origin).Ticks;
            foreach (var window in _windows)
            {
                window.Remove(orders, now);
            }
        }
    }

    private static OrderCountWindow[] Windows(IReadOnlyList<(TimeSpan Window, int Limit)> limits) =>
        [.. limits.Select(l => new OrderCountWindow(l.Window, l.Limit, (int)Math.Floor(l.Limit * Share)))];

    private static string Describe(TimeSpan window) =>
        window.TotalDays >= 1 ? $"{window.TotalDays:0.#} day" : window.TotalMinutes >= 1 ? $"{window.TotalMinutes:0.#} min" : $"{window.TotalSeconds:0.#} s";
}
