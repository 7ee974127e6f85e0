using Microsoft.Extensions.Logging;

namespace MarketMaking.Strategies;

/// <summary>The strategies' log messages (event ids 5000 and up).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5000, EventName = "ConfigRejected", Level = LogLevel.Warning,
        Message = "The new {Config} was rejected; the running one stays: {Reasons}")]
    public static partial void ConfigRejected(ILogger logger, string config, string reasons);

    [LoggerMessage(EventId = 5001, EventName = "ConfigChanged", Level = LogLevel.Information,
        Message = "The {Config} changed (version {Version}); it takes effect at the next refresh")]
    public static partial void ConfigChanged(ILogger logger, string config, long version);

    [LoggerMessage(EventId = 5002, EventName = "QuotesHeldForBudget", Level = LogLevel.Debug,
        Message = "{Instrument}: {Needed} new orders or amends wanted, {Headroom} fit in the rate budget (one new order a side kept for refills); missing levels and quotes the market could pick off go first")]
    public static partial void QuotesHeldForBudget(ILogger logger, string instrument, int needed, int headroom);
}
