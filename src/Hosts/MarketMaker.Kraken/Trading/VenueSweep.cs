using System.Collections.Immutable;
using System.Globalization;
using MarketMaking.Adapters;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;

namespace MarketMaker.Kraken.Trading;

/// <summary>
/// The last step of a shutdown on one venue: asks the venue itself which of our orders are still open (the OMS's view
/// may be wrong after a lost answer), sends the venue's cancel-all while any is, and asks again until the time given is
/// up, waiting out a venue that answers busy or rate-limited (its counters outlive our restarts). A call our own rate
/// limiter holds back pushes the end out by its wait, up to twice the time given: the budget refills at a known pace, and
/// on a Kraken Starter key whose REST counter the run's reconciliations spent one call fits every 3 s, the sweep needing three.
/// </summary>
/// <param name="venue">The venue.</param>
/// <param name="rest">Its REST client: the open-orders query and the cancel-all.</param>
/// <param name="instruments">Our instruments there: open orders on them are ours.</param>
/// <param name="clock">The clock of the pauses.</param>
/// <param name="logger">Each round: what the venue reported open and what its cancel-all answered.</param>
internal sealed partial class VenueSweep(VenueId venue, IOrderQueries rest, IReadOnlyCollection<InstrumentId> instruments, TimeProvider clock, ILogger logger)
{
    private static readonly TimeSpan s_settle = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan s_busy = TimeSpan.FromSeconds(1);

    /// <summary>Runs the sweep.</summary>
    /// <param name="timeout">How long it may take, longer by what our rate limiter held calls back (at most twice as long in all).</param>
    /// <returns>What the venue reported last.</returns>
    public async Task<VenueSweepResult> RunAsync(TimeSpan timeout)
    {
        using var stop = new CancellationTokenSource(timeout, clock);
        var end = clock.GetUtcNow() + timeout;
        var latestEnd = end + timeout;
        string? error = null;
        ImmutableArray<VenueOrder> ours = [];
        var answered = false;
        var unreadSinceCancelAll = false;
        while (!stop.IsCancellationRequested)
        {
            VenueResult<ImmutableArray<VenueOrder>> open;
            try
            {
                open = await rest.GetOpenOrdersAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var wait = s_settle;
            if (!open.IsSuccess)
            {
                // A venue busy or rate-limited answers later: it is asked again until the time is up.
                error = open.Error.ToString();
                wait = open.Error.RetryAfter ?? s_busy;
                LogNotAnswered(logger, venue.Value, error);
                if (open.Error is { NotSent: true, Kind: VenueErrorKind.RateLimited } && end < latestEnd)
                {
                    end = end + wait < latestEnd ? end + wait : latestEnd;
                    var left = end - clock.GetUtcNow();
                    stop.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
                }
            }
            else
            {
                (answered, unreadSinceCancelAll, ours, error) = (true, false, open.Value.Where(o => instruments.Contains(o.Instrument)).ToImmutableArray(), null);
                if (ours.IsEmpty)
                {
                    return new VenueSweepResult(venue, Checked: true, ours, null);
                }

                var canceled = await rest.CancelAllAsync(stop.Token).ConfigureAwait(false);
                error = canceled.IsSuccess ? null : $"cancel-all: {canceled.Error}";
                unreadSinceCancelAll = canceled.IsSuccess;
                LogRound(logger, venue.Value, string.Join(", ", ours.Select(o => $"{o.ClientOrderId?.Value ?? o.VenueOrderId.Value} {o.Status}")), error ?? "accepted");
            }

            try
            {
                await Task.Delay(wait, clock, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        if (answered && unreadSinceCancelAll)
        {
            // What was read came before the cancel-all the venue accepted: those orders are not known to rest, nor
            // known to be gone.
            return new VenueSweepResult(venue, Checked: false, [], $"cancel-all accepted, then the open orders could not be read again: {error ?? "no answer"}");
        }

        if (answered)
        {
            return new VenueSweepResult(venue, Checked: true, ours, error);
        }

        return new VenueSweepResult(venue, Checked: false, [], error ?? $"no answer within {timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s");
    }

    [LoggerMessage(EventId = 9220, Level = LogLevel.Information, Message = "Shutdown sweep on {Venue}: ours still open: {Orders}; cancel-all sent: {Answer}")]
    private static partial void LogRound(ILogger logger, string venue, string orders, string answer);

    [LoggerMessage(EventId = 9221, Level = LogLevel.Warning, Message = "Shutdown sweep on {Venue}: the open orders are not known yet: {Error}")]
    private static partial void LogNotAnswered(ILogger logger, string venue, string error);
}
