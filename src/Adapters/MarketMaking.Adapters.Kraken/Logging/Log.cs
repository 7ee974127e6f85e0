using MarketMaking.Models;
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

    [LoggerMessage(EventId = 3003, EventName = "TradingBudgetShort", Level = LogLevel.Debug,
        Message = "Kraken {Action} on {Instrument} held: trading counter budget short, fits in {RetryAfter}")]
    public static partial void TradingBudgetShort(ILogger logger, KrakenTradingAction action, string instrument, TimeSpan retryAfter);

    [LoggerMessage(EventId = 3004, EventName = "RestCall", Level = LogLevel.Debug,
        Message = "Kraken {Method} answered in {ElapsedMilliseconds} ms")]
    public static partial void RestCall(ILogger logger, string method, double elapsedMilliseconds);

    [LoggerMessage(EventId = 3005, EventName = "DeadManSwitch", Level = LogLevel.Information,
        Message = "Kraken dead-man switch {Action}: succeeded {Succeeded} {Error}")]
    public static partial void DeadManSwitch(ILogger logger, string action, bool succeeded, string? error);

    [LoggerMessage(EventId = 3006, EventName = "FrameSkipped", Level = LogLevel.Warning,
        Message = "Kraken {Connection} WebSocket: frame skipped ({Problem}): {Excerpt}")]
    public static partial void FrameSkipped(ILogger logger, string connection, string problem, string excerpt);

    [LoggerMessage(EventId = 3007, EventName = "BookOutOfSync", Level = LogLevel.Warning,
        Message = "Kraken book {Instrument} out of sync ({Reason}: {Detail}); resubscribing for a fresh snapshot")]
    public static partial void BookOutOfSync(ILogger logger, string instrument, Models.OutOfSyncReason reason, string? detail);

    [LoggerMessage(EventId = 3008, EventName = "SequenceGap", Level = LogLevel.Warning,
        Message = "Kraken {Channel} sequence gap: expected {Expected}, got {Received}; reconnecting for a fresh snapshot")]
    public static partial void SequenceGap(ILogger logger, string channel, long expected, long received);

    [LoggerMessage(EventId = 3009, EventName = "TokenRejected", Level = LogLevel.Warning,
        Message = "Kraken rejected the WebSocket token ({Error}); fetching a new one")]
    public static partial void TokenRejected(ILogger logger, string error);

    [LoggerMessage(EventId = 3010, EventName = "WsRequestFailed", Level = LogLevel.Warning,
        Message = "Kraken WebSocket {Method} failed: {Error}")]
    public static partial void WsRequestFailed(ILogger logger, string method, VenueError error);

    [LoggerMessage(EventId = 3011, EventName = "SequenceDuplicate", Level = LogLevel.Warning,
        Message = "Kraken {Channel} message {Received} repeated (last {Last}); dropped")]
    public static partial void SequenceDuplicate(ILogger logger, string channel, long received, long last);
}
