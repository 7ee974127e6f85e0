using System.Collections.Immutable;
using MarketMaker.Kraken.Trading;
using MarketMaking.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MarketMaker.Kraken.Tests;

/// <summary>
/// The shutdown's last look at a venue, on a simulated clock: a venue whose REST budget the run spent refuses the reads
/// (our own limiter, nothing sent) until its counter has decayed.
/// </summary>
public sealed class VenueSweepTests
{
    private static readonly InstrumentId s_btcUsdt = InstrumentId.Create("BTC/USDT");
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task ACancelAllAccepted_WhenTheBudgetIsSpent_IsConfirmedByAReadPastTheFirstTimeout()
    {
        var clock = new FakeTimeProvider();
        var start = clock.GetUtcNow();
        var venue = new SpentBudgetVenue(clock, readsRefusedUntil: start + TimeSpan.FromSeconds(12));

        var result = await RunAsync(clock, venue);

        Assert.Multiple(() =>
        {
            Assert.That(result.Checked, Is.True, $"{result.Error} at {clock.GetUtcNow() - start}, last read {venue.LastRead - start}");
            Assert.That(result.Resting, Is.Empty);
            Assert.That(venue.CancelAlls, Is.EqualTo(1));
            Assert.That(venue.LastRead - start, Is.GreaterThan(s_timeout), "the confirming read came after the first timeout");
        });
    }

    [Test]
    public async Task AVenueThatNeverAnswersAgain_EndsTheSweepWithinTwiceTheTimeout_AsNotChecked()
    {
        var clock = new FakeTimeProvider();
        var start = clock.GetUtcNow();
        var venue = new SpentBudgetVenue(clock, readsRefusedUntil: DateTimeOffset.MaxValue);

        var result = await RunAsync(clock, venue);

        Assert.Multiple(() =>
        {
            Assert.That(result.Checked, Is.False);
            Assert.That(result.MayBeResting, Is.True);
            Assert.That(result.Error, Does.StartWith("cancel-all accepted, then the open orders could not be read again: "));
            Assert.That(clock.GetUtcNow() - start, Is.LessThanOrEqualTo((s_timeout * 2) + TimeSpan.FromSeconds(1)));
        });
    }

    private static async Task<VenueSweepResult> RunAsync(FakeTimeProvider clock, SpentBudgetVenue venue)
    {
        var sweep = new VenueSweep(VenueId.Create("kraken"), venue, [s_btcUsdt], clock, NullLogger.Instance).RunAsync(s_timeout);
        var stepsLeft = 1_000;
        while (!sweep.IsCompleted && stepsLeft-- > 0)
        {
            // The sweep's continuations run on the pool: each step lets them register their next pause.
            clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(1);
        }

        Assert.That(sweep.IsCompleted, Is.True, "the sweep ended within 100 s of simulated time");
        return await sweep;
    }

    /// <summary>One order of ours open until the cancel-all; every read after it refused unsent (3 s to wait) until a time.</summary>
    private sealed class SpentBudgetVenue(TimeProvider clock, DateTimeOffset readsRefusedUntil) : IOrderQueries
    {
        private bool _canceled;

        public int CancelAlls { get; private set; }

        public DateTimeOffset LastRead { get; private set; }

        public VenueId Venue { get; } = VenueId.Create("kraken");

        public VenueCapabilities Capabilities => throw new NotSupportedException();

        public Task<VenueResult<ImmutableArray<VenueOrder>>> GetOpenOrdersAsync(CancellationToken cancellationToken = default)
        {
            if (_canceled && clock.GetUtcNow() < readsRefusedUntil)
            {
                return Task.FromResult(VenueResult<ImmutableArray<VenueOrder>>.Failure(
                    new VenueError(VenueErrorKind.RateLimited, IsTransient: true, null, "Not sent: the venue's rate limit budget is spent") { RetryAfter = TimeSpan.FromSeconds(3), NotSent = true }));
            }

            LastRead = clock.GetUtcNow();
            ImmutableArray<VenueOrder> open = _canceled
                ? []
                : [new VenueOrder(VenueOrderId.Create("OQCLML-1"), s_btcUsdt, Side.Buy, OrderType.Limit, OrderStatus.Accepted, Quantity.FromDecimal(0.001m), Quantity.Zero)];
            return Task.FromResult(VenueResult<ImmutableArray<VenueOrder>>.Success(open));
        }

        public ValueTask<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default)
        {
            CancelAlls++;
            _canceled = true;
            return ValueTask.FromResult(VenueResult<CancelAck>.Success(new CancelAck(1)));
        }

        public Task<VenueResult<ImmutableArray<VenueOrder>>> QueryOrdersAsync(IReadOnlyList<VenueOrderId> orders, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
