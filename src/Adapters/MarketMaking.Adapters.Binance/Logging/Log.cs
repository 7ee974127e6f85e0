using MarketMaking.Models;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters.Binance;

/// <summary>The Binance adapter's log messages; event ids 7000–7999. Never given a key, a secret or a signature.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7000, EventName = "MessageSkipped", Level = LogLevel.Warning,
        Message = "Binance {Connection}: skipped a message: {Problem}")]
    public static partial void MessageSkipped(ILogger logger, string connection, string problem);

    [LoggerMessage(EventId = 7001, EventName = "SubscriptionRefused", Level = LogLevel.Error,
        Message = "Binance {Connection} refused the subscription to {Streams}: {Error}")]
    public static partial void SubscriptionRefused(ILogger logger, string connection, string streams, VenueError error);

    [LoggerMessage(EventId = 7002, EventName = "BookOutOfSync", Level = LogLevel.Warning,
        Message = "Binance book {Instrument} out of sync ({Reason}): {Detail}")]
    public static partial void BookOutOfSync(ILogger logger, string instrument, OutOfSyncReason reason, string? detail);

    [LoggerMessage(EventId = 7003, EventName = "BookSynced", Level = LogLevel.Information,
        Message = "Binance book {Instrument} in sync at update id {UpdateId} (snapshot {Snapshots})")]
    public static partial void BookSynced(ILogger logger, string instrument, long updateId, int snapshots);

    [LoggerMessage(EventId = 7004, EventName = "SnapshotFailed", Level = LogLevel.Warning,
        Message = "Binance depth snapshot of {Instrument} failed: {Error}")]
    public static partial void SnapshotFailed(ILogger logger, string instrument, VenueError error);

    [LoggerMessage(EventId = 7005, EventName = "OrderOutcomeUnknown", Level = LogLevel.Error,
        Message = "Binance {Path}: the outcome is unknown ({Error}); reconcile by client order id")]
    public static partial void OrderOutcomeUnknown(ILogger logger, string path, VenueError error);

    [LoggerMessage(EventId = 7006, EventName = "ServerShutdown", Level = LogLevel.Information,
        Message = "Binance's {Connection} connection announced a server shutdown: opening a new one")]
    public static partial void ServerShutdown(ILogger logger, string connection);

    [LoggerMessage(EventId = 7007, EventName = "SessionLogOnRefused", Level = LogLevel.Warning,
        Message = "Binance's {Connection} connection could not log on ({Error}): each request on it is signed instead")]
    public static partial void SessionLogOnRefused(ILogger logger, string connection, string error);
}
