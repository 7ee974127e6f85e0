using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters.Kraken;

/// <summary>The Kraken adapter's log messages; event ids 3000–3999. Never given a key, a secret, a signature or a token.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, EventName = "RestCallFailed", Level = LogLevel.Warning,
        Message = "Kraken {Method} failed: {Error}")]
    public static partial void RestCallFailed(ILogger logger, string method, VenueError error);

    [LoggerMessage(EventId = 3001, EventName = "OrderOutcomeUnknown", Level = LogLevel.Error,
        Message = "Kraken {Method} for client order {ClientOrderId} has an unknown outcome: {Error}")]
    public static partial void OrderOutcomeUnknown(ILogger logger, string method, string clientOrderId, VenueError error);

    [LoggerMessage(EventId = 3002, EventName = "HealthChanged", Level = LogLevel.Warning,
        Message = "Kraken {EndpointClass} endpoints are now {Health}")]
    public static partial void HealthChanged(ILogger logger, string endpointClass, VenueHealth health);

    [LoggerMessage(EventId = 3003, EventName = "TradingBudgetShort", Level = LogLevel.Information,
        Message = "Kraken {Action} on {Instrument} not sent: trading counter budget short, retry after {RetryAfter}")]
    public static partial void TradingBudgetShort(ILogger logger, KrakenTradingAction action, string instrument, TimeSpan retryAfter);

    [LoggerMessage(EventId = 3004, EventName = "RestCall", Level = LogLevel.Debug,
        Message = "Kraken {Method} answered in {ElapsedMilliseconds} ms")]
    public static partial void RestCall(ILogger logger, string method, double elapsedMilliseconds);
}
