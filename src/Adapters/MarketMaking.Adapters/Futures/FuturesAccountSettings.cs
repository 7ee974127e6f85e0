using MarketMaking.Models;

namespace MarketMaking.Adapters;

/// <summary>
/// What a futures account is set to at start, from configuration: the position mode, and each instrument's leverage
/// and margin mode. <see cref="ApplyAsync"/> sets them in that order, each once, and stops at the first refusal.
/// </summary>
public sealed class FuturesAccountSettings
{
    /// <summary>Gets or sets the position mode.</summary>
    /// <value>Defaults to <see cref="PositionMode.OneWay"/>: one net position per instrument.</value>
    public PositionMode PositionMode { get; set; } = PositionMode.OneWay;

    /// <summary>Gets or sets the leverage set on every instrument listed in <see cref="Instruments"/>.</summary>
    /// <value>Defaults to 2.</value>
    public int Leverage { get; set; } = 2;

    /// <summary>Gets or sets the margin mode set on every instrument listed.</summary>
    /// <value>Defaults to <see cref="MarginMode.Cross"/>.</value>
    public MarginMode MarginMode { get; set; } = MarginMode.Cross;

    /// <summary>Gets the instruments to set.</summary>
    public IList<InstrumentId> Instruments { get; } = [];

    /// <summary>Sets the account: the position mode, then each instrument's margin mode and leverage.</summary>
    /// <param name="account">The venue's futures account.</param>
    /// <param name="cancellationToken">Cancels between requests.</param>
    /// <returns>Success, or the first refusal, its message naming the setting.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="account"/> is null.</exception>
    public async Task<VenueResult<bool>> ApplyAsync(IFuturesAccount account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (Leverage < 1)
        {
            return VenueResult<bool>.Failure(new VenueError(VenueErrorKind.InvalidRequest, false, null, $"Leverage must be 1 or more, not {Leverage}") { NotSent = true });
        }

        var mode = await account.SetPositionModeAsync(PositionMode, cancellationToken).ConfigureAwait(false);
        if (!mode.IsSuccess)
        {
            return Named(mode, $"position mode {PositionMode}");
        }

        foreach (var instrument in Instruments)
        {
            var margin = await account.SetMarginModeAsync(instrument, MarginMode, cancellationToken).ConfigureAwait(false);
            if (!margin.IsSuccess)
            {
                return Named(margin, $"{MarginMode} margin on {instrument}");
            }

            var leverage = await account.SetLeverageAsync(instrument, Leverage, cancellationToken).ConfigureAwait(false);
            if (!leverage.IsSuccess)
            {
                return Named(leverage, $"leverage {Leverage} on {instrument}");
            }
        }

        return VenueResult<bool>.Success(true);
    }

    private static VenueResult<bool> Named(VenueResult<bool> refused, string setting)
    {
        var error = refused.Error! with { Message = $"{setting}: {refused.Error!.Message}" };
        return refused.IsOutcomeUnknown ? VenueResult<bool>.Unknown(error) : VenueResult<bool>.Failure(error);
    }
}
