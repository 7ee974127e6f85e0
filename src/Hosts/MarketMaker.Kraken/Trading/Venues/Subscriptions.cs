using MarketMaking.Models;
using Microsoft.Extensions.Logging;

namespace MarketMaker.Kraken.Trading.Venues;

/// <summary>How the host takes a venue's answer to a subscription at start.</summary>
internal static partial class Subscriptions
{
    /// <summary>Waits for a subscription's answer: a refusal stops the start; a connection that dropped under the request is left to the adapter, which subscribes again when it reconnects.</summary>
    /// <param name="subscription">The subscription's answer.</param>
    /// <param name="channel">The channel, for messages.</param>
    /// <param name="instrument">The instrument, for messages.</param>
    /// <param name="logger">Where the deferred subscription is logged.</param>
    /// <returns>Completes when subscribed or deferred.</returns>
    /// <exception cref="InvalidOperationException">The venue refused it, or it timed out on an open connection (it would not be sent again).</exception>
    public static async Task RequireAsync(Task<VenueResult<bool>> subscription, string channel, InstrumentId instrument, ILogger logger)
    {
        var answer = await subscription.ConfigureAwait(false);
        if (answer.IsSuccess)
        {
            return;
        }

        if (answer.Error.Kind == VenueErrorKind.Transport)
        {
            LogSubscribeDeferred(logger, channel, instrument.Value, answer.Error.ToString());
            return;
        }

        throw new InvalidOperationException($"The {channel} of {instrument} could not be subscribed: {answer.Error}");
    }

    [LoggerMessage(EventId = 9204, Level = LogLevel.Warning, Message = "The {Channel} of {Instrument} is subscribed again when the connection comes back: {Error}")]
    private static partial void LogSubscribeDeferred(ILogger logger, string channel, string instrument, string error);
}
