namespace MarketMaking.Models;

/// <summary>One price level of an L2 book: a price and the total quantity resting there.</summary>
/// <remarks>In a <see cref="BookDelta"/> a zero quantity means the level is removed.</remarks>
/// <param name="Price">The level's price in quote currency per unit of base.</param>
/// <param name="Quantity">The total quantity at the level in base units (contracts for inverse futures).</param>
public readonly record struct BookLevel(Price Price, Quantity Quantity);
