namespace MarketMaking.Cli.Backtesting;

/// <summary>A user's strategy cannot be built from the settings given: what its constructor lacks or cannot read, in one line.</summary>
internal sealed class StrategySettingsException(string message) : Exception(message)
{
    /// <summary>Finds one in an exception or what it wraps (the kernel builds the strategy inside the run).</summary>
    public static StrategySettingsException? In(Exception? exception) => exception switch
    {
        null => null,
        StrategySettingsException found => found,
        AggregateException aggregate => aggregate.InnerExceptions.Select(In).FirstOrDefault(e => e is not null),
        _ => In(exception.InnerException),
    };
}
