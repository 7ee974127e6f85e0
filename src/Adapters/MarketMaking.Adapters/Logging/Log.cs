using MarketMaking.Models;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters;

/// <summary>The venue-neutral adapter layer's log messages; event ids 2000–2999.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2000, EventName = "ConnectionStateChanged", Level = LogLevel.Information,
        Message = "{Venue} {Connection} connection {Previous} -> {Current} (attempt {Attempt}): {Reason}")]
    public static partial void ConnectionStateChanged(
        ILogger logger, string venue, string connection, ConnectionState previous, ConnectionState current, int attempt, string? reason);

    [LoggerMessage(EventId = 2001, EventName = "ReconnectScheduled", Level = LogLevel.Information,
        Message = "{Venue} {Connection} connection: attempt {Attempt} in {Delay}")]
    public static partial void ReconnectScheduled(ILogger logger, string venue, string connection, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 2002, EventName = "PingFailed", Level = LogLevel.Debug,
        Message = "{Venue} {Connection} connection: ping not sent")]
    public static partial void PingFailed(ILogger logger, string venue, string connection, Exception exception);

    [LoggerMessage(EventId = 2003, EventName = "MessageHandlerFailed", Level = LogLevel.Error,
        Message = "{Venue} {Connection} connection: a message could not be handled and was skipped")]
    public static partial void MessageHandlerFailed(ILogger logger, string venue, string connection, Exception exception);
}
