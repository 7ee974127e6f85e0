using MarketMaking.Models;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters.Bybit;

/// <summary>The Bybit adapter's log messages (event ids 8000–8099); never a key, secret or signature.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8000, EventName = "MessageSkipped", Level = LogLevel.Warning,
        Message = "Bybit {Connection}: a message was skipped: {Problem}")]
    public static partial void MessageSkipped(ILogger logger, string connection, string problem);

    [LoggerMessage(EventId = 8001, EventName = "OrderOutcomeUnknown", Level = LogLevel.Error,
        Message = "Bybit {Path}: the outcome is unknown ({Error}); reconcile by client order id")]
    public static partial void OrderOutcomeUnknown(ILogger logger, string path, VenueError error);

    [LoggerMessage(EventId = 8002, EventName = "BookOutOfSync", Level = LogLevel.Warning,
        Message = "Bybit {Instrument}: the book is out of sync ({Detail}); subscribing again for a snapshot")]
    public static partial void BookOutOfSync(ILogger logger, string instrument, string detail);
}
