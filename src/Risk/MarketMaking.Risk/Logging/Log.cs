using Microsoft.Extensions.Logging;

namespace MarketMaking.Risk;

/// <summary>The risk stage's log messages (event ids 6000 and up).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6000, EventName = "KillSwitchTripped", Level = LogLevel.Critical,
        Message = "Kill switch tripped by {Trigger}: {Action}. {Reason}")]
    public static partial void KillSwitchTripped(ILogger logger, KillSwitchTrigger trigger, KillSwitchAction action, string reason);

    [LoggerMessage(EventId = 6002, EventName = "KillSwitchResumed", Level = LogLevel.Information,
        Message = "Kill switch stood down from {Trigger}: {Reason}")]
    public static partial void KillSwitchResumed(ILogger logger, KillSwitchTrigger trigger, string reason);

    [LoggerMessage(EventId = 6001, EventName = "KillSwitchReset", Level = LogLevel.Warning,
        Message = "Kill switch reset; trading is active again: {Reason}")]
    public static partial void KillSwitchReset(ILogger logger, string reason);
}
