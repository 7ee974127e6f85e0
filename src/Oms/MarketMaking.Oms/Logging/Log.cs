using MarketMaking.Models;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Oms;

/// <summary>The OMS's log messages; event ids 4000–4999.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, EventName = "HandlerFailed", Level = LogLevel.Error,
        Message = "Engine handler {Handler} failed on {EventType}; the loop goes on")]
    public static partial void HandlerFailed(ILogger logger, string handler, string eventType, Exception exception);

    [LoggerMessage(EventId = 4001, EventName = "SubscriberFailed", Level = LogLevel.Warning,
        Message = "Subscriber {Subscriber} failed on an event; it goes on with the next")]
    public static partial void SubscriberFailed(ILogger logger, string subscriber, Exception exception);

    [LoggerMessage(EventId = 4002, EventName = "SubscriberDetached", Level = LogLevel.Error,
        Message = "Subscriber {Subscriber} fell behind and was detached (its queue was full)")]
    public static partial void SubscriberDetached(ILogger logger, string subscriber);

    [LoggerMessage(EventId = 4003, EventName = "InvalidTransition", Level = LogLevel.Warning,
        Message = "Order {ClientOrderId}: {Event} cannot happen in {Status}; ignored")]
    public static partial void InvalidTransition(ILogger logger, string clientOrderId, Models.OrderStatus status, OrderEventKind @event);

    [LoggerMessage(EventId = 4004, EventName = "Summary", Level = LogLevel.Information, Message = "{Summary}")]
    public static partial void Summary(ILogger logger, string summary);

    [LoggerMessage(EventId = 4005, EventName = "OrderDenied", Level = LogLevel.Warning,
        Message = "{Action} of order {ClientOrderId} on {Instrument} denied before sending: {Denial}")]
    public static partial void OrderDenied(ILogger logger, OrderEntryAction action, string clientOrderId, string instrument, string denial);

    [LoggerMessage(EventId = 4006, EventName = "OrderDeniedAgain", Level = LogLevel.Warning,
        Message = "{Action} of order {ClientOrderId} on {Instrument} denied before sending: {Denial} (and {Skipped} more like it since the last such line)")]
    public static partial void OrderDeniedAgain(ILogger logger, OrderEntryAction action, string clientOrderId, string instrument, string denial, int skipped);

    [LoggerMessage(EventId = 4007, EventName = "Reconciled", Level = LogLevel.Information,
        Message = "Reconciled {Venue} with the venue: {Report}")]
    public static partial void Reconciled(ILogger logger, string venue, ReconciliationReport report);

    [LoggerMessage(EventId = 4008, EventName = "ReconciliationFailed", Level = LogLevel.Warning,
        Message = "Reconciliation of {Venue} failed after {Attempts} attempts: {Report}; orders the venue may have settled stay as the OMS last saw them until the next one")]
    public static partial void ReconciliationFailed(ILogger logger, string venue, int attempts, ReconciliationReport report);

    [LoggerMessage(EventId = 4009, EventName = "ThreadPinned", Level = LogLevel.Information,
        Message = "The {Thread} thread runs on CPU {Cpu}")]
    public static partial void ThreadPinned(ILogger logger, string thread, int cpu);

    [LoggerMessage(EventId = 4010, EventName = "ThreadNotPinned", Level = LogLevel.Warning,
        Message = "The {Thread} thread could not be pinned to CPU {Cpu}: {Reason}; the OS schedules it")]
    public static partial void ThreadNotPinned(ILogger logger, string thread, int cpu, string reason);
}
