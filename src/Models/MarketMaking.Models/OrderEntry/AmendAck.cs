namespace MarketMaking.Models;

/// <summary>A venue's acknowledgement of an amend.</summary>
/// <param name="AmendId">The venue's id of the amend, when it returns one.</param>
public readonly record struct AmendAck(string? AmendId);
