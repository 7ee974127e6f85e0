using System.Collections.Immutable;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken;

/// <summary>One <c>executions</c> channel message, normalized: order updates and fills in the order Kraken sent them.</summary>
/// <param name="IsSnapshot">Whether it is the snapshot sent on subscription.</param>
/// <param name="Sequence">The subscription's message sequence number, or <see langword="null"/> when absent.</param>
/// <param name="Events">The <see cref="OrderUpdate"/> and <see cref="FillEvent"/> events.</param>
internal sealed record KrakenExecutionsMessage(bool IsSnapshot, long? Sequence, ImmutableArray<VenueEvent> Events);
