namespace MarketMaking.Models;

/// <summary>Why a pre-trade check denied an order.</summary>
/// <param name="Reason">The kind of denial.</param>
/// <param name="Message">A readable sentence with the values compared, such as "notional 12,000.00 above the 10,000 limit".</param>
public sealed record OrderDenial(DenialReason Reason, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Reason}: {Message}";
}
