using Microsoft.Extensions.Logging;

namespace MarketMaker.Kraken.Dashboard;

/// <summary>
/// Counts the warnings and errors logged while the dashboard has the terminal (their text goes to the log file only),
/// so that the dashboard can say how many there were and where to read them.
/// </summary>
internal sealed class WarningCounter : ILoggerProvider
{
    private long _count;

    /// <summary>Gets how many warnings and errors were logged.</summary>
    public long Count => Interlocked.Read(ref _count);

    public ILogger CreateLogger(string categoryName) => new Counting(this);

    public void Dispose()
    {
    }

    private sealed class Counting(WarningCounter counter) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Interlocked.Increment(ref counter._count);
            }
        }
    }
}
