using MarketMaking.Models;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters.Mexc;

/// <summary>The MEXC adapter's log messages; event ids 4000–4999. Never given a key, a secret, a signature or a listen key.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, EventName = "RestCallFailed", Level = LogLevel.Warning,
        Message = "MEXC {Path} failed: {Error}")]
    public static partial void RestCallFailed(ILogger logger, string path, VenueError error);

    [LoggerMessage(EventId = 4001, EventName = "OrderOutcomeUnknown", Level = LogLevel.Error,
        Message = "MEXC {Path} for client order {ClientOrderId} has an unknown outcome: {Error}")]
    public static partial void OrderOutcomeUnknown(ILogger logger, string path, string clientOrderId, VenueError error);

    [LoggerMessage(EventId = 4002, EventName = "HealthChanged", Level = LogLevel.Warning,
        Message = "MEXC {EndpointClass} endpoints are now {Health}")]
    public static partial void HealthChanged(ILogger logger, string endpointClass, VenueHealth health);

    [LoggerMessage(EventId = 4003, EventName = "ClockSynchronized", Level = LogLevel.Information,
        Message = "MEXC server clock offset {OffsetMilliseconds} ms")]
    public static partial void ClockSynchronized(ILogger logger, double offsetMilliseconds);

    [LoggerMessage(EventId = 4004, EventName = "ListenKey", Level = LogLevel.Information,
        Message = "MEXC listen key {Action}")]
    public static partial void ListenKey(ILogger logger, string action);

    [LoggerMessage(EventId = 4005, EventName = "ListenKeyFailed", Level = LogLevel.Warning,
        Message = "MEXC listen key {Action} failed: {Error}")]
    public static partial void ListenKeyFailed(ILogger logger, string action, VenueError error);

    [LoggerMessage(EventId = 4006, EventName = "FrameSkipped", Level = LogLevel.Warning,
        Message = "MEXC {Connection} WebSocket: frame skipped ({Problem})")]
    public static partial void FrameSkipped(ILogger logger, string connection, string problem);

    [LoggerMessage(EventId = 4007, EventName = "SubscriptionRefused", Level = LogLevel.Error,
        Message = "MEXC refused subscription {Channel}: {Message}")]
    public static partial void SubscriptionRefused(ILogger logger, string channel, string message);

    [LoggerMessage(EventId = 4008, EventName = "BookOutOfSync", Level = LogLevel.Warning,
        Message = "MEXC book {Instrument} out of sync ({Reason}: {Detail}); taking a fresh snapshot")]
    public static partial void BookOutOfSync(ILogger logger, string instrument, Models.OutOfSyncReason reason, string? detail);

    [LoggerMessage(EventId = 4009, EventName = "ConnectionRotated", Level = LogLevel.Information,
        Message = "MEXC {Connection} WebSocket replaced after {Lifetime} (MEXC closes connections at 24 h)")]
    public static partial void ConnectionRotated(ILogger logger, string connection, TimeSpan lifetime);
}
