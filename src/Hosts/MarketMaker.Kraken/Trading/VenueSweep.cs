using System.Collections.Immutable;
using System.Globalization;
using MarketMaking.Adapters;
using MarketMaking.Models;

namespace MarketMaker.Kraken.Trading;

/// <summary>
/// The last step of a shutdown on one venue: asks the venue itself which of our orders are still open (the OMS's view
/// may be wrong after a lost answer), sends the venue's cancel-all while any is, and asks again, a few times.
/// </summary>
/// <param name="venue">The venue.</param>
/// <param name="rest">Its REST client: the open-orders query and the cancel-all.</param>
/// <param name="instruments">Our instruments there: open orders on them are ours.</param>
/// <param name="clock">The clock of the pauses.</param>
internal sealed class VenueSweep(VenueId venue, ISpotRest rest, IReadOnlyCollection<InstrumentId> instruments, TimeProvider clock)
{
    private const int Rounds = 4;
    private static readonly TimeSpan s_settle = TimeSpan.FromMilliseconds(500);

    /// <summary>Runs the sweep.</summary>
    /// <param name="timeout">How long it may take in all.</param>
    /// <returns>What the venue reported last.</returns>
    public async Task<VenueSweepResult> RunAsync(TimeSpan timeout)
    {
        using var stop = new CancellationTokenSource(timeout, clock);
        string? error = null;
        for (var round = 0; round < Rounds; round++)
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

            if (!open.IsSuccess)
            {
                error = open.Error.ToString();
            }
            else
            {
                var ours = open.Value.Where(o => instruments.Contains(o.Instrument)).ToImmutableArray();
                if (ours.IsEmpty || round == Rounds - 1)
                {
                    return new VenueSweepResult(venue, Checked: true, ours, null);
                }

                var canceled = await rest.CancelAllAsync(stop.Token).ConfigureAwait(false);
                error = canceled.IsSuccess ? null : $"cancel-all: {canceled.Error}";
            }

            try
            {
                await Task.Delay(s_settle, clock, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return new VenueSweepResult(venue, Checked: false, [], error ?? $"no answer within {timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s");
    }
}
