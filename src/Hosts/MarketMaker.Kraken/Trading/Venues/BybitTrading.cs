using MarketMaking.Adapters.Bybit;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;

namespace MarketMaker.Kraken.Trading.Venues;

/// <summary>
/// What the host's Bybit venues (spot and linear) share: the adapter's trading options from their sections, and the
/// disconnection protection set at start.
/// </summary>
internal static partial class BybitTrading
{
    /// <summary>The trading options of a Bybit category, from its section's URLs, keys and order rate.</summary>
    /// <param name="category">Spot or linear.</param>
    /// <param name="rest">The REST base URL, or <see langword="null"/> for Bybit's.</param>
    /// <param name="privateStream">The private stream's URL, or <see langword="null"/> for Bybit's.</param>
    /// <param name="tradeStream">The trade stream's URL, or <see langword="null"/> for Bybit's.</param>
    /// <param name="apiKey">The API key.</param>
    /// <param name="apiSecret">The API secret (HMAC-SHA256).</param>
    /// <param name="orderRequestsPerSecond">The order requests a second per endpoint, or <see langword="null"/> for Bybit's.</param>
    /// <param name="symbols">The symbols traded.</param>
    /// <param name="disconnectProtection">Whether the private stream subscribes the disconnection protection's topic.</param>
    /// <returns>The options.</returns>
    public static BybitTradingOptions Options(
        BybitCategory category, Uri? rest, Uri? privateStream, Uri? tradeStream, string? apiKey, string? apiSecret, int? orderRequestsPerSecond, IReadOnlyList<InstrumentId> symbols, bool disconnectProtection = false)
    {
        var options = new BybitTradingOptions
        {
            Category = category,
            RestBaseUrl = rest,
            PrivateWebSocketUrl = privateStream,
            TradeWebSocketUrl = tradeStream,
            DisconnectProtection = disconnectProtection,
            ApiKey = apiKey,
            ApiSecret = apiSecret,
            OrderRequestsPerSecond = orderRequestsPerSecond,
        };
        foreach (var instrument in symbols)
        {
            options.Symbols.Add(instrument.Value);
        }

        return options;
    }

    /// <summary>
    /// Sets Bybit's disconnection protection for the category's product before the first order can rest: once the
    /// private stream has been gone for <paramref name="window"/>, Bybit cancels every open order of that product on the
    /// account. Nothing is sent for a zero window.
    /// </summary>
    /// <param name="orders">The REST client.</param>
    /// <param name="window">The window, 3 s to 5 min; zero leaves the protection unset.</param>
    /// <param name="venue">The venue's name, for the log line.</param>
    /// <param name="setting">The setting's key, named in the error (<c>BybitSpot:DisconnectCancelWindow</c>).</param>
    /// <param name="logger">The venue's logger.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <exception cref="InvalidOperationException">Bybit refused it (the function not enabled for the account): the start stops.</exception>
    public static async Task SetDisconnectProtectionAsync(BybitOrderEntryClient orders, TimeSpan window, string venue, string setting, ILogger logger, CancellationToken cancellationToken)
    {
        if (window <= TimeSpan.Zero)
        {
            return;
        }

        var armed = await orders.CancelAllAfterAsync(window, cancellationToken).ConfigureAwait(false);
        if (!armed.IsSuccess)
        {
            throw new InvalidOperationException($"Bybit refused the disconnection protection ({armed.Error}); set {setting} to 0 to quote without it");
        }

        LogDisconnectProtection(logger, venue, window.TotalSeconds);
    }

    [LoggerMessage(EventId = 9235, Level = LogLevel.Information, Message = "{Venue} disconnection protection set: every open order canceled {WindowSeconds} s after the private stream is lost")]
    private static partial void LogDisconnectProtection(ILogger logger, string venue, double windowSeconds);
}
