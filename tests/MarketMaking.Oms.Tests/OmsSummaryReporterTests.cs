using System.Collections.Concurrent;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace MarketMaking.Oms.Tests;

public sealed class OmsSummaryReporterTests
{
    [Test]
    public async Task Reporter_LogsTheSummaryLineEveryInterval_OnTheGivenClock()
    {
        var clock = new FakeTimeProvider();
        var lines = new ConcurrentQueue<string>();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new LineProvider(lines)));
        await using var loop = new EngineLoop();
        using var oms = new OrderManager(loop.Sink, clock, new ClientOrderIdGenerator(1));
        await loop.InvokeAsync(() => oms.Submit(new OrderIntent(VenueId.Create("nowhere"), InstrumentId.Create("BTC/USD"), Side.Buy, OrderType.Limit, new Quantity(1)) { LimitPrice = new Price(1m) }));
        await using var reporter = new OmsSummaryReporter(oms, TimeSpan.FromSeconds(60), clock, factory.CreateLogger<OmsSummaryReporter>());

        clock.Advance(TimeSpan.FromSeconds(59));
        var before = lines.Count;
        clock.Advance(TimeSpan.FromSeconds(121));

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.Zero);
            Assert.That(lines, Has.Count.EqualTo(3));
            Assert.That(lines, Has.All.EqualTo("Orders: 1 total, 0 open, 0 filled, 1 rejected, 0 canceled, 0 denied"));
        });
    }

    private sealed class LineProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception));
        }
    }
}
