namespace MarketMaking.Models;

/// <summary>A venue's acknowledgement of an amend.</summary>
/// <param name="AmendId">The venue's id of the amend, when it returns one.</param>
public sealed record AmendAck(string? AmendId);
