namespace MarketMaking.Models;

/// <summary>A venue's acknowledgement of a cancel request.</summary>
/// <param name="Count">How many orders the venue canceled (or is canceling).</param>
public readonly record struct CancelAck(int Count)
{
    /// <summary>Gets whether the cancel is still pending on the venue.</summary>
    public bool Pending { get; init; }
}
