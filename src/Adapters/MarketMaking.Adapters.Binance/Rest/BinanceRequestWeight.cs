using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Binance;

/// <summary>
/// What Binance's answers say of our limits, kept so that a limit is never reached: the request weight used in the
/// current minute (<c>X-MBX-USED-WEIGHT-1M</c>, per IP), the unfilled orders counted in the last 10 s and the day
/// (<c>X-MBX-ORDER-COUNT-10S</c>, <c>-1D</c>, per account), and a 429's or 418's <c>Retry-After</c>, until which nothing
/// is sent (sending on through a 429 is how an IP gets banned with a 418, for minutes to days).
/// </summary>
/// <remarks>
/// Source: https://developers.binance.com/docs/binance-spot-api-docs/rest-api/limits. Thread-safe: answers arrive on
/// any thread; the reads are of the last answer seen.
/// </remarks>
/// <param name="clock">The clock the back-off is measured on.</param>
public sealed class BinanceRequestWeight(TimeProvider clock)
{
    private readonly object _gate = new();
    private long _usedWeight;
    private long _ordersIn10Seconds;
    private long _ordersInDay;
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;

    /// <summary>Gets the request weight used in the current minute, as the last answer said.</summary>
    public long UsedWeight
    {
        get
        {
            lock (_gate)
            {
                return _usedWeight;
            }
        }
    }

    /// <summary>Gets the unfilled orders counted in the last 10 s and in the day, as the last order answer said.</summary>
    public (long TenSeconds, long Day) OrderCount
    {
        get
        {
            lock (_gate)
            {
                return (_ordersIn10Seconds, _ordersInDay);
            }
        }
    }

    /// <summary>Gets how long nothing may be sent yet (a 429's or 418's wait), or zero.</summary>
    public TimeSpan Backoff
    {
        get
        {
            lock (_gate)
            {
                var left = _blockedUntil - clock.GetUtcNow();
                return left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }
        }
    }

    /// <summary>
    /// The refusal of a request during a 429's or 418's wait (sending through it is what gets an IP banned), or
    /// <see langword="null"/> when requests may go.
    /// </summary>
    internal VenueError? RefusalDuringBackoff() =>
        Backoff is { } wait && wait > TimeSpan.Zero
            ? new VenueError(VenueErrorKind.RateLimited, true, null, $"Binance asked to wait {wait.TotalSeconds:0.#} s more") { RetryAfter = wait, NotSent = true }
            : null;

    /// <summary>Reads an answer's limit headers, and on a 429 or 418 starts the wait its <c>Retry-After</c> gives.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="headers">The answer's headers.</param>
    /// <returns>The wait a 429 or 418 asks for (a minute when it gives none), or <see langword="null"/>.</returns>
    public TimeSpan? OnAnswer(int statusCode, HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        lock (_gate)
        {
            _usedWeight = Header(headers, "X-MBX-USED-WEIGHT-1M") ?? _usedWeight;
            _ordersIn10Seconds = Header(headers, "X-MBX-ORDER-COUNT-10S") ?? _ordersIn10Seconds;
            _ordersInDay = Header(headers, "X-MBX-ORDER-COUNT-1D") ?? _ordersInDay;
            if (statusCode is not (429 or 418))
            {
                return null;
            }

            var wait = Header(headers, "Retry-After") is { } seconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(1);
            var until = clock.GetUtcNow() + wait;
            _blockedUntil = until > _blockedUntil ? until : _blockedUntil;
            return wait;
        }
    }

    /// <summary>
    /// Reads a WebSocket API answer's <c>rateLimits</c> (the weight used in the minute, the orders in 10 s and the day),
    /// and on a 429 or 418 starts the wait until its <c>error.data.retryAfter</c> (ms since the epoch; a minute when absent).
    /// Source: https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/rate-limits.
    /// </summary>
    /// <param name="status">The answer's <c>status</c>.</param>
    /// <param name="answer">The whole answer.</param>
    /// <returns>The wait a 429 or 418 asks for, or <see langword="null"/>.</returns>
    internal TimeSpan? OnWebSocketAnswer(int status, JsonElement answer)
    {
        lock (_gate)
        {
            if (answer.TryGetProperty("rateLimits", out var limits) && limits.ValueKind == JsonValueKind.Array)
            {
                foreach (var limit in limits.EnumerateArray())
                {
                    var count = limit.TryGetProperty("count", out var c) && c.TryGetInt64(out var n) ? n : (long?)null;
                    switch (limit.TryGetProperty("rateLimitType", out var type) ? type.GetString() : null, limit.TryGetProperty("interval", out var interval) ? interval.GetString() : null)
                    {
                        case ("REQUEST_WEIGHT", "MINUTE"):
                            _usedWeight = count ?? _usedWeight;
                            break;
                        case ("ORDERS", "SECOND"):
                            _ordersIn10Seconds = count ?? _ordersIn10Seconds;
                            break;
                        case ("ORDERS", "DAY"):
                            _ordersInDay = count ?? _ordersInDay;
                            break;
                    }
                }
            }

            if (status is not (429 or 418))
            {
                return null;
            }

            var now = clock.GetUtcNow();
            var until = answer.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("retryAfter", out var retryAfter) && retryAfter.TryGetInt64(out var milliseconds)
                    ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
                    : now + TimeSpan.FromMinutes(1);
            _blockedUntil = until > _blockedUntil ? until : _blockedUntil;
            return until > now ? until - now : TimeSpan.Zero;
        }
    }

    private static long? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
