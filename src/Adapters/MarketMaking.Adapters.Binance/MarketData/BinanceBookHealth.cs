namespace MarketMaking.Adapters.Binance;

/// <summary>How a book kept by <see cref="BinanceMarketDataClient"/> has fared since it was subscribed.</summary>
/// <param name="Snapshots">REST depth snapshots taken: 1, plus one per resync.</param>
/// <param name="SequenceGaps">Diffs that did not follow the previous one (<c>U</c> ≠ last <c>u</c> + 1 on spot, <c>pu</c> ≠ last <c>u</c> on futures), each followed by a resync.</param>
/// <param name="DiffsApplied">Diffs applied to the book.</param>
/// <param name="TopsMatched">Published best bids and asks (<c>bookTicker</c>) whose update id a diff ended on, and that the book matched.</param>
/// <param name="TopsMismatched">Such tops the book did not match, each followed by a resync.</param>
public sealed record BinanceBookHealth(int Snapshots, int SequenceGaps, long DiffsApplied, long TopsMatched, long TopsMismatched);
